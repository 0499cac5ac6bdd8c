/** Segment files of block volumes in HDFS. */
package io.granary.hdfs.block;
