/**
 * The admin API of a services process: a small JSON API over HTTP for what the command line needs
 * the running services for (volume operations that use the open volume's writer), closed by
 * default: every request is signed ({@link io.granary.launcher.admin.AdminSignature}) with an
 * access key of the administrator user.
 */
package io.granary.launcher.admin;
