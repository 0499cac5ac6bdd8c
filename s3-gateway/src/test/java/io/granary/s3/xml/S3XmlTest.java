package io.granary.s3.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class S3XmlTest {
    @Test
    void everyElementOfADocumentIsInS3sNamespace() throws Exception {
        byte[] xml = S3Xml.write(new ListBucketResult("b", "", "", "k2", 2, "/", true, null,
                List.of(new ObjectEntry("k1 <&>", "2026-01-01T00:00:00.000Z", "\"e\"", 3, new Owner("id", "me"), "STANDARD")),
                List.of(new CommonPrefix("p/"))));
        String text = new String(xml, StandardCharsets.UTF_8);
        assertFalse(text.contains("xmlns=\"\""), text);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        NodeList all = document.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element element = (Element) all.item(i);
            assertEquals(S3Xml.NAMESPACE, element.getNamespaceURI(), element.getTagName());
        }
        assertEquals("k1 <&>", document.getElementsByTagNameNS(S3Xml.NAMESPACE, "Key").item(0).getTextContent());
    }

    @Test
    void requestDocumentsParseWithAndWithoutTheNamespace() {
        for (String body : List.of(
                "<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>",
                "<CreateBucketConfiguration xmlns=\"" + S3Xml.NAMESPACE + "\"><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>")) {
            assertEquals("eu-west-1", S3Xml.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                    CreateBucketConfiguration.class).locationConstraint());
        }
    }
}
