/**
 * AWS Signature Versions 4 and 2 for S3, as a library with no HTTP-server types.
 *
 * <p>An HTTP filter copies the request line and headers into a {@link
 * io.granary.s3.auth.SignedRequest}, asks {@link io.granary.s3.auth.AuthenticationScheme#detect}
 * how it is signed, and calls {@link io.granary.s3.auth.SignatureV4Verifier#verify} or {@link
 * io.granary.s3.auth.SignatureV2Verifier#verify}, which return an {@link
 * io.granary.s3.auth.Authentication} or throws an {@link io.granary.s3.error.S3Exception} that
 * renders as the error AWS would give. Whoever reads the request body then wraps it with {@link
 * io.granary.s3.auth.PayloadStreams#open}, which checks the payload hash, the aws-chunked chunk
 * signatures and trailing checksums as the bytes are read, failing with an {@link
 * io.granary.s3.error.S3ErrorStreamException}. Signature Version 2 does not sign the body, which
 * passes through (the store still checks Content-MD5).
 *
 * <p>Policies that differ from AWS, on purpose:
 * <ul>
 *   <li>Any region in the credential scope is accepted. A private cloud has one region, and each
 *       client signs with whatever region it was configured with ({@code us-east-1} by default in
 *       most SDKs and s3cmd); the region is still part of the signing key, so it cannot be changed
 *       without the secret. The service must be {@code s3}.
 *   <li>Security tokens ({@code x-amz-security-token}) are not checked: there is no STS. A token
 *       the client signed is covered by the signature like any other header.
 * </ul>
 */
package io.granary.s3.auth;
