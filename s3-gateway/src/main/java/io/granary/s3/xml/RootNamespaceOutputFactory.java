package io.granary.s3.xml;

import java.io.OutputStream;
import java.io.Writer;
import javax.xml.stream.XMLEventWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import javax.xml.transform.Result;
import org.codehaus.stax2.util.StreamWriterDelegate;

/**
 * Writes S3's documents the way S3 does: the namespace declared once, on the root element, and
 * inherited by every child. Jackson marks only the root with the namespace, and a repairing writer
 * then declares {@code xmlns=""} on each child, taking them out of it; this factory's writers do not
 * repair, and declare the root's namespace themselves.
 */
final class RootNamespaceOutputFactory extends XMLOutputFactory {
    private final XMLOutputFactory delegate = XMLOutputFactory.newFactory();

    RootNamespaceOutputFactory() {
        delegate.setProperty(XMLOutputFactory.IS_REPAIRING_NAMESPACES, false);
    }

    @Override
    public XMLStreamWriter createXMLStreamWriter(Writer stream) throws XMLStreamException {
        return wrap(delegate.createXMLStreamWriter(stream));
    }

    @Override
    public XMLStreamWriter createXMLStreamWriter(OutputStream stream) throws XMLStreamException {
        return wrap(delegate.createXMLStreamWriter(stream));
    }

    @Override
    public XMLStreamWriter createXMLStreamWriter(OutputStream stream, String encoding) throws XMLStreamException {
        return wrap(delegate.createXMLStreamWriter(stream, encoding));
    }

    @Override
    public XMLStreamWriter createXMLStreamWriter(Result result) throws XMLStreamException {
        return wrap(delegate.createXMLStreamWriter(result));
    }

    @Override
    public XMLEventWriter createXMLEventWriter(Result result) throws XMLStreamException {
        throw new UnsupportedOperationException("S3 documents are written as streams");
    }

    @Override
    public XMLEventWriter createXMLEventWriter(OutputStream stream) throws XMLStreamException {
        throw new UnsupportedOperationException("S3 documents are written as streams");
    }

    @Override
    public XMLEventWriter createXMLEventWriter(OutputStream stream, String encoding) throws XMLStreamException {
        throw new UnsupportedOperationException("S3 documents are written as streams");
    }

    @Override
    public XMLEventWriter createXMLEventWriter(Writer stream) throws XMLStreamException {
        throw new UnsupportedOperationException("S3 documents are written as streams");
    }

    @Override
    public void setProperty(String name, Object value) {
        if (!XMLOutputFactory.IS_REPAIRING_NAMESPACES.equals(name)) {
            delegate.setProperty(name, value);
        }
    }

    @Override
    public Object getProperty(String name) {
        return delegate.getProperty(name);
    }

    @Override
    public boolean isPropertySupported(String name) {
        return delegate.isPropertySupported(name);
    }

    private static XMLStreamWriter wrap(XMLStreamWriter writer) {
        return new StreamWriterDelegate(writer) {
            private boolean rootWritten;

            @Override
            public void writeStartElement(String namespaceUri, String localName) throws XMLStreamException {
                super.writeStartElement(localName);
                if (!rootWritten) {
                    rootWritten = true;
                    if (namespaceUri != null && !namespaceUri.isEmpty()) {
                        super.writeDefaultNamespace(namespaceUri);
                    }
                }
            }

            @Override
            public void writeStartElement(String prefix, String localName, String namespaceUri) throws XMLStreamException {
                writeStartElement(namespaceUri, localName);
            }

            @Override
            public void writeAttribute(String namespaceUri, String localName, String value) throws XMLStreamException {
                super.writeAttribute(localName, value);
            }

            @Override
            public void writeAttribute(String prefix, String namespaceUri, String localName, String value)
                    throws XMLStreamException {
                super.writeAttribute(localName, value);
            }
        };
    }
}
