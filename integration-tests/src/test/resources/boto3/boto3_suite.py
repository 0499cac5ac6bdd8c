"""boto3 (Debian's python3-boto3) against a Granary S3 endpoint.

Usage: boto3_suite.py ENDPOINT WORKDIR, with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set.
Prints "BOTO3 OK" last; exits non-zero on any mismatch.
"""
import hashlib
import os
import sys
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

MIB = 1024 * 1024


def check(condition, message):
    if not condition:
        print("MISMATCH: " + message, file=sys.stderr)
        sys.exit(1)


def digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(MIB), b""):
            h.update(chunk)
    return h.hexdigest()


def write_random(path, size, seed):
    # Deterministic bytes without reading /dev/urandom for every byte.
    block = hashlib.sha256(str(seed).encode()).digest() * (MIB // 32)
    with open(path, "wb") as f:
        written = 0
        counter = 0
        while written < size:
            n = min(len(block), size - written)
            f.write(counter.to_bytes(8, "big") + block[8:n] if n > 8 else block[:n])
            written += n
            counter += 1


def multipart_form(fields, file_name, content):
    boundary = "----boto3suite" + uuid.uuid4().hex
    body = bytearray()
    for name, value in fields.items():
        body += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                 % (boundary, name, value)).encode("utf-8")
    body += ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
             "Content-Type: application/octet-stream\r\n\r\n" % (boundary, file_name)).encode("utf-8")
    body += content
    body += ("\r\n--%s--\r\n" % boundary).encode("utf-8")
    return bytes(body), "multipart/form-data; boundary=" + boundary


def main():
    endpoint, work = sys.argv[1], sys.argv[2]
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                      config=Config(s3={"addressing_style": "path"}, signature_version="s3v4",
                                    max_pool_connections=20))
    bucket = "boto3-" + uuid.uuid4().hex[:12]
    s3.create_bucket(Bucket=bucket)

    # upload_file / download_file: a 20 MiB file in 8 MiB parts, in parallel, and a small file.
    big = os.path.join(work, "big.bin")
    small = os.path.join(work, "small.txt")
    write_random(big, 20 * MIB, 1)
    write_random(small, 12345, 2)
    transfer = TransferConfig(multipart_threshold=8 * MIB, multipart_chunksize=8 * MIB, max_concurrency=4)
    s3.upload_file(big, bucket, "big.bin", Config=transfer)
    s3.upload_file(small, bucket, "dir/small.txt", Config=transfer)
    head = s3.head_object(Bucket=bucket, Key="big.bin")
    check(head["ContentLength"] == 20 * MIB, "big.bin length %s" % head["ContentLength"])
    check(head["ETag"].endswith("-3\""), "big.bin is not a 3-part upload: %s" % head["ETag"])
    for key, source in (("big.bin", big), ("dir/small.txt", small)):
        target = os.path.join(work, "down-" + os.path.basename(source))
        s3.download_file(bucket, key, target, Config=transfer)
        check(digest(target) == digest(source), "download of %s differs" % key)
    print("transfer ok")

    # generate_presigned_post, then a browser-style POST.
    content = b"posted by a browser form\n" * 100
    post = s3.generate_presigned_post(
        bucket, "posted/${filename}",
        Fields={"Content-Type": "text/plain", "x-amz-meta-origin": "boto3",
                "success_action_status": "201"},
        Conditions=[["starts-with", "$key", "posted/"], {"Content-Type": "text/plain"},
                    {"x-amz-meta-origin": "boto3"}, {"success_action_status": "201"},
                    ["content-length-range", 1, 1 * MIB]],
        ExpiresIn=600)
    body, content_type = multipart_form(post["fields"], "form.txt", content)
    request = urllib.request.Request(post["url"], data=body, method="POST",
                                     headers={"Content-Type": content_type})
    with urllib.request.urlopen(request) as response:
        check(response.status == 201, "POST answered %s" % response.status)
        answer = response.read().decode()
        check("<Key>posted/form.txt</Key>" in answer, "PostResponse: " + answer)
    got = s3.get_object(Bucket=bucket, Key="posted/form.txt")
    check(got["Body"].read() == content, "posted object differs")
    check(got["ContentType"] == "text/plain", "posted Content-Type %s" % got["ContentType"])
    check(got["Metadata"].get("origin") == "boto3", "posted metadata %s" % got["Metadata"])
    # The same form with a file over the policy's range is refused.
    body, content_type = multipart_form(post["fields"], "big.txt", b"x" * (MIB + 1))
    try:
        urllib.request.urlopen(urllib.request.Request(post["url"], data=body, method="POST",
                                                      headers={"Content-Type": content_type}))
        check(False, "an oversized POST was accepted")
    except urllib.error.HTTPError as e:
        check(e.code == 400 and b"EntityTooLarge" in e.read(), "oversized POST answered %s" % e.code)
    print("post ok")

    # generate_presigned_url for GET, fetched without boto3.
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "dir/small.txt"},
                                    ExpiresIn=600)
    with urllib.request.urlopen(url) as response:
        check(hashlib.sha256(response.read()).hexdigest() == digest(small), "presigned GET differs")
    print("presigned url ok")

    # 2,500 keys, listed by paginators over ListObjectsV2 and ListObjects.
    keys = ["many/%05d" % i for i in range(2500)]
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda k: s3.put_object(Bucket=bucket, Key=k, Body=k.encode()), keys))
    pages = list(s3.get_paginator("list_objects_v2").paginate(
        Bucket=bucket, Prefix="many/", PaginationConfig={"PageSize": 1000}))
    check(len(pages) == 3, "list_objects_v2 gave %d pages" % len(pages))
    listed = [o["Key"] for p in pages for o in p.get("Contents", [])]
    check(listed == keys, "list_objects_v2 listed %d keys" % len(listed))
    pages = list(s3.get_paginator("list_objects").paginate(
        Bucket=bucket, Prefix="many/", PaginationConfig={"PageSize": 1000}))
    check(len(pages) == 3, "list_objects gave %d pages" % len(pages))
    listed = [o["Key"] for p in pages for o in p.get("Contents", [])]
    check(listed == keys, "list_objects listed %d keys" % len(listed))
    print("listing ok")

    # Empty the bucket with delete_objects in pages of 1000, then delete it.
    everything = [o["Key"] for p in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
                  for o in p.get("Contents", [])]
    check(len(everything) == 2503, "bucket holds %d keys" % len(everything))
    for i in range(0, len(everything), 1000):
        batch = everything[i:i + 1000]
        result = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in batch]})
        check(len(result.get("Deleted", [])) == len(batch) and not result.get("Errors"),
              "delete_objects: %s" % result.get("Errors"))
    check(s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0, "bucket not empty")
    s3.delete_bucket(Bucket=bucket)
    names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    check(bucket not in names, "bucket still listed")
    print("BOTO3 OK")


if __name__ == "__main__":
    main()
