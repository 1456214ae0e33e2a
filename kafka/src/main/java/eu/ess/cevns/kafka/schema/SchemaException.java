package eu.ess.cevns.kafka.schema;

/** A message that is not what its schema says: too short, another file identifier, an offset outside it, a required field missing. */
public final class SchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SchemaException(String message) {
        super(message);
    }
}
