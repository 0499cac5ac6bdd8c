package io.granary.launcher.admin;

/**
 * A request the admin API refuses: the HTTP status and the error code it answers with, in JSON
 * ({@code {"error":{"code":…,"message":…}}}).
 */
public final class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public AdminException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
