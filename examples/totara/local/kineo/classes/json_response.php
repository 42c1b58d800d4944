<?php
// Kineo Embed for Totara / Moodle.

namespace local_kineo;

/**
 * Sends the token endpoint's JSON: never cached, never sniffed as HTML.
 *
 * `header()` and `http_response_code()` are called unqualified on purpose: PHP resolves them to
 * the global functions, and the test harness (tests/) captures them in this namespace, because
 * the PHP CLI keeps no headers.
 *
 * @package   local_kineo
 */
final class json_response {
    /**
     * @param int $status HTTP status.
     * @param array $body JSON-encodable body.
     * @param string[] $headers extra header lines.
     */
    public static function send(int $status, array $body, array $headers = []): void {
        http_response_code($status);
        header('Content-Type: application/json; charset=utf-8');
        header('Cache-Control: no-store');
        header('Pragma: no-cache');
        header('X-Content-Type-Options: nosniff');
        foreach ($headers as $line) {
            header($line);
        }
        echo json_encode($body, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
    }

    /** An error body: {"error": code, "message": text}. */
    public static function error(int $status, string $code, string $message, array $headers = []): void {
        self::send($status, ['error' => $code, 'message' => $message], $headers);
    }
}
