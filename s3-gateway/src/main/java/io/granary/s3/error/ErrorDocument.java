package io.granary.s3.error;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Renders S3's {@code <Error>} document: Code, Message, the details, RequestId and HostId. */
public final class ErrorDocument {
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();
    private static final byte[] DECLARATION =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".getBytes(StandardCharsets.UTF_8);

    private ErrorDocument() {
    }

    public static byte[] render(S3Exception e, String requestId) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try {
            // The declaration is written by hand: the JDK's writer quotes it with apostrophes.
            bytes.writeBytes(DECLARATION);
            XMLStreamWriter xml = OUTPUT.createXMLStreamWriter(bytes, "UTF-8");
            xml.writeStartElement("Error");
            element(xml, "Code", e.error().code());
            element(xml, "Message", e.getMessage() == null ? e.error().defaultMessage() : e.getMessage());
            for (Map.Entry<String, String> detail : e.orderedDetails()) {
                element(xml, detail.getKey(), detail.getValue());
            }
            element(xml, "RequestId", requestId);
            element(xml, "HostId", requestId);
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException ex) {
            throw new IllegalStateException("cannot render an error document", ex);
        }
        return bytes.toByteArray();
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }
}
