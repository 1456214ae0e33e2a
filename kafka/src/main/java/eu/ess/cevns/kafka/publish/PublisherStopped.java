package eu.ess.cevns.kafka.publish;

/** The publisher was interrupted (closing) in the middle of a record: it stops where it is; its position says where to resume. */
final class PublisherStopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PublisherStopped() {
        super("publisher stopped", null, false, false);
    }
}
