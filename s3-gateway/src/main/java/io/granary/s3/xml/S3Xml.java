package io.granary.s3.xml;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.dataformat.xml.ser.ToXmlGenerator;
import io.granary.s3.error.S3Error;
import io.granary.s3.error.S3ErrorStreamException;
import io.granary.s3.error.S3Exception;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.xml.stream.XMLInputFactory;

/**
 * The XML side of S3: one configured mapper, S3's namespace, and its timestamp format. Request
 * bodies are read without DTDs or external entities (XXE-safe) and without regard to namespaces,
 * since clients send them with and without S3's.
 */
public final class S3Xml {
    /** The namespace of every S3 response document. */
    public static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final XmlMapper MAPPER = createMapper();

    private S3Xml() {
    }

    private static XmlMapper createMapper() {
        XMLInputFactory input = XMLInputFactory.newFactory();
        input.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        input.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        input.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        XmlMapper mapper = new XmlMapper(new XmlFactory(input, new RootNamespaceOutputFactory()));
        mapper.configure(ToXmlGenerator.Feature.WRITE_XML_DECLARATION, true);
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        return mapper;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Renders a response document. */
    public static byte[] write(Object document) {
        try {
            return MAPPER.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render " + document.getClass().getSimpleName(), e);
        }
    }

    /** Parses a request document; anything that is not well-formed XML of that shape is MalformedXML. */
    public static <T> T read(InputStream body, Class<T> type) {
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw new S3Exception(S3Error.MALFORMED_XML);
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof S3Exception s3) {
                throw s3;
            }
            // A body that failed its signature is that failure, not bad XML.
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof S3ErrorStreamException stream) {
                    throw stream.s3Exception();
                }
            }
            throw new S3Exception(S3Error.MALFORMED_XML, S3Error.MALFORMED_XML.defaultMessage(), e);
        }
    }

    /** An instant as S3 writes it in XML: {@code 2009-10-12T17:50:30.000Z}. */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }
}
