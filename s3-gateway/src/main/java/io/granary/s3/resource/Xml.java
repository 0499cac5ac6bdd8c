package io.granary.s3.resource;

import io.granary.s3.xml.S3Xml;
import jakarta.ws.rs.core.Response;

/** 200 responses carrying an XML document. */
final class Xml {
    private Xml() {
    }

    static Response ok(Object document) {
        return okBuilder(document).build();
    }

    /** A 200 response with the document, for handlers that add headers. */
    static Response.ResponseBuilder okBuilder(Object document) {
        return Response.ok(S3Xml.write(document), "application/xml");
    }
}
