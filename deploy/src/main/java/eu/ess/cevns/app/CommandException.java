package eu.ess.cevns.app;

/**
 * A failure a command reports to the operator as one line on stderr and exit code 1, without a
 * stack trace: the message must say what went wrong and what to do.
 */
final class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandException(String message) {
        super(message);
    }

    CommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
