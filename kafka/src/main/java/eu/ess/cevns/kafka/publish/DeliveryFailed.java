package eu.ess.cevns.kafka.publish;

/** A message Kafka did not take (broker unreachable past the timeouts): the publisher reads again from its position. */
final class DeliveryFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DeliveryFailed(Exception cause) {
        super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
    }
}
