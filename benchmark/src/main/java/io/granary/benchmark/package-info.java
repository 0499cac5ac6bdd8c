/**
 * The benchmark driver: PUTs then GETs objects through the S3 gateway with the AWS SDK for Java v2,
 * then writes and reads the same bytes with the plain HDFS client against the same HDFS, and prints
 * the figures of both and their ratio. A program that prints figures, not a timed test.
 */
package io.granary.benchmark;
