package io.granary.launcher.transfer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * An S3 response body as its root element's local name and the text of its child elements, which
 * is all the command line reads from S3's XML ({@code UploadId}, an error's {@code Code} and {@code
 * Message}). Namespace-tolerant; document types are refused, so no external entity is ever read.
 *
 * @param root the root element's local name, such as {@code Error}
 * @param children the text of each child element by local name (the first of a repeated name)
 */
record S3Xml(String root, Map<String, String> children) {
    S3Xml {
        children = Map.copyOf(children);
    }

    /** The body parsed; an exception if it is not well-formed XML. */
    static S3Xml parse(byte[] body) throws IOException {
        // S3 may send spaces to keep a long CompleteMultipartUpload alive before the XML declaration.
        int start = 0;
        while (start < body.length && Character.isWhitespace(body[start])) {
            start++;
        }
        Element root;
        try {
            root = builder().parse(new ByteArrayInputStream(body, start, body.length - start)).getDocumentElement();
        } catch (SAXException e) {
            throw new IOException("S3 answered with a body that is not XML: " + e.getMessage(), e);
        }
        Map<String, String> children = new LinkedHashMap<>();
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                children.putIfAbsent(name(element), element.getTextContent().strip());
            }
        }
        return new S3Xml(name(root), children);
    }

    /** The text of the child called {@code name}, or {@code null}. */
    String child(String name) {
        return children.get(name);
    }

    private static String name(Element element) {
        return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
    }

    private static DocumentBuilder builder() throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // fails on errors, prints nothing
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IOException("no XML parser: " + e.getMessage(), e);
        }
    }
}
