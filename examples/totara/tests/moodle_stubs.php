<?php
// Kineo Embed for Totara / Moodle: test harness only, never install this.
//
// The few parts of the Moodle / Totara API that local/kineo uses, as small in-memory stand-ins
// driven by one scenario (see token_endpoint.php). Anything the plugin calls that is not here
// fails loudly, so the stubs cannot quietly drift from what the plugin really uses.

namespace {
    define('MOODLE_INTERNAL', true);
    define('CONTEXT_SYSTEM', 10);
    define('IGNORE_MISSING', 0);
    define('IGNORE_MULTIPLE', 1);
    define('MUST_EXIST', 2);

    /** The scenario one harness run plays, and what the endpoint did with it. */
    final class kineo_harness {
        /** @var int HTTP status set by the endpoint (200 unless it says otherwise). */
        public int $status = 200;
        /** @var string[] header lines, in order, a replaced header removed. */
        public array $headers = [];
        /** @var bool whether the endpoint released the session lock. */
        public bool $sessionclosed = false;

        /**
         * @param array{id: int, idnumber: string, loggedin: bool, guest: bool, admin: bool, capabilities: string[]} $user
         * @param array<string, string> $config the local_kineo settings that are set.
         * @param array<string, list<array<string, mixed>>>|null $tables Totara tables, null on plain Moodle.
         */
        public function __construct(
            public readonly string $wwwroot,
            public readonly array $user,
            public readonly array $config,
            public readonly ?array $tables,
        ) {
        }

        public function header(string $line, bool $replace, int $code): void {
            $name = strtolower(trim(strstr($line, ':', true) ?: $line));
            if ($replace) {
                $this->headers = array_values(array_filter($this->headers,
                    static fn(string $h) => strtolower(trim(strstr($h, ':', true) ?: $h)) !== $name));
            }
            $this->headers[] = $line;
            if ($code > 0) {
                $this->status = $code;
            }
        }
    }

    function kineo_harness(?kineo_harness $set = null): kineo_harness {
        static $harness = null;
        if ($set !== null) {
            $harness = $set;
        }
        if ($harness === null) {
            throw new LogicException('harness: no scenario');
        }
        return $harness;
    }

    /** What the stand-in config.php does: $CFG, $DB, $USER and the class autoloader. */
    function kineo_harness_boot(string $dirroot): void {
        global $CFG, $DB, $USER;
        $harness = kineo_harness();
        $CFG = new stdClass();
        $CFG->wwwroot = $harness->wwwroot;
        $CFG->dirroot = $dirroot;
        $DB = new kineo_harness_database($harness->tables);
        $USER = new stdClass();
        $USER->id = $harness->user['loggedin'] ? $harness->user['id'] : 0;
        $USER->idnumber = $harness->user['loggedin'] ? $harness->user['idnumber'] : '';
        $USER->username = $harness->user['guest'] ? 'guest' : 'user' . $USER->id;
        // Moodle's autoloader for frankenstyle classes: \local_kineo\x\y → local/kineo/classes/x/y.php.
        spl_autoload_register(static function (string $class) use ($dirroot): void {
            if (str_starts_with($class, 'local_kineo\\')) {
                $file = $dirroot . '/local/kineo/classes/' . str_replace('\\', '/', substr($class, strlen('local_kineo\\'))) . '.php';
                if (is_file($file)) {
                    require_once($file);
                }
            }
        });
    }

    class moodle_exception extends Exception {
        public string $errorcode;

        public function __construct($errorcode, $module = '', $link = '', $a = null, $debuginfo = null) {
            $this->errorcode = (string) $errorcode;
            parent::__construct("error/{$errorcode}" . ($debuginfo ? " ({$debuginfo})" : ''));
        }
    }

    class require_login_exception extends moodle_exception {
        public function __construct($debuginfo) {
            parent::__construct('requireloginerror', 'error', '', null, $debuginfo);
        }
    }

    class dml_exception extends moodle_exception {
    }

    function require_login($courseorid = null, $autologinguest = true, $cm = null, $setwantsurltome = true, $preventredirect = false): void {
        if ($courseorid !== null || $cm !== null) {
            throw new LogicException('harness: require_login() is only stubbed for the site (no course)');
        }
        $user = kineo_harness()->user;
        if ($user['loggedin']) {
            return; // A guest session counts as signed in, as in Moodle.
        }
        if ($preventredirect) {
            throw new require_login_exception('You are not logged in');
        }
        throw new LogicException('harness: require_login() would redirect to the login page');
    }

    function isloggedin(): bool {
        return kineo_harness()->user['loggedin'];
    }

    function isguestuser($user = null): bool {
        $scenario = kineo_harness()->user;
        return $scenario['loggedin'] && $scenario['guest'] && kineo_harness_user_id($user) === $scenario['id'];
    }

    function is_siteadmin($useroruserid = null): bool {
        $scenario = kineo_harness()->user;
        return $scenario['loggedin'] && $scenario['admin'] && kineo_harness_user_id($useroruserid) === $scenario['id'];
    }

    function has_capability($capability, context_system $context, $user = null, $doanything = true): bool {
        $scenario = kineo_harness()->user;
        $userid = kineo_harness_user_id($user);
        if ($doanything && is_siteadmin($userid)) {
            return true;
        }
        return $scenario['loggedin'] && $userid === $scenario['id'] && in_array($capability, $scenario['capabilities'], true);
    }

    /** The id of a user given as null ($USER), an id or a record. */
    function kineo_harness_user_id($user): int {
        global $USER;
        if ($user === null) {
            return (int) $USER->id;
        }
        return (int) (is_object($user) ? $user->id : $user);
    }

    function get_config($plugin, $name = null) {
        if ($plugin !== 'local_kineo') {
            throw new LogicException("harness: get_config('{$plugin}') is not stubbed");
        }
        $config = kineo_harness()->config;
        if ($name === null) {
            return (object) $config;
        }
        return $config[$name] ?? false;
    }

    function s($var): string {
        return htmlspecialchars((string) $var, ENT_QUOTES | ENT_HTML401 | ENT_SUBSTITUTE);
    }

    class moodle_url {
        public function __construct(private readonly string $path) {
            if (!str_starts_with($path, '/')) {
                throw new LogicException('harness: moodle_url is only stubbed for site paths');
            }
        }

        public function out($escaped = true): string {
            global $CFG;
            $url = $CFG->wwwroot . $this->path;
            return $escaped ? s($url) : $url;
        }
    }

    class context_system {
        public int $id = 1;
        public int $contextlevel = CONTEXT_SYSTEM;

        public static function instance($instanceid = 0, $strictness = MUST_EXIST): self {
            static $instance = null;
            return $instance ??= new self();
        }
    }

    abstract class moodle_database {
    }

    class database_manager {
        public function __construct(private readonly ?array $tables) {
        }

        public function table_exists($table): bool {
            return $this->tables !== null && array_key_exists($table, $this->tables);
        }
    }

    /**
     * Moodle's DML over in-memory tables: records come back as objects of strings (as from a real
     * database), get_records() keyed by the first field. Any other method fails.
     */
    final class kineo_harness_database extends moodle_database {
        /** @var array<string, list<array<string, string|null>>> */
        private array $tables = [];
        /** Whether the Totara tables exist (false: a plain Moodle site). */
        private bool $exists;

        public function __construct(?array $tables) {
            $this->exists = $tables !== null;
            foreach ($tables ?? [] as $name => $rows) {
                $this->tables[$name] = array_map(
                    static fn(array $row) => array_map(static fn($v) => $v === null ? null : (string) $v, $row),
                    $rows,
                );
            }
        }

        public function get_manager(): database_manager {
            return new database_manager($this->exists ? $this->tables : null);
        }

        public function get_records($table, ?array $conditions = null, $sort = '', $fields = '*', $limitfrom = 0, $limitnum = 0): array {
            if ($limitfrom || $limitnum) {
                throw new LogicException('harness: get_records() limits are not stubbed');
            }
            $rows = $this->select($table, $conditions ?? []);
            $sortkeys = array_filter(array_map('trim', explode(',', (string) $sort)));
            usort($rows, static function (array $a, array $b) use ($sortkeys): int {
                foreach ($sortkeys as $key) {
                    [$column, $direction] = array_pad(preg_split('/\s+/', $key), 2, 'ASC');
                    $order = is_numeric($a[$column] ?? '') && is_numeric($b[$column] ?? '')
                        ? ((float) $a[$column] <=> (float) $b[$column])
                        : strcmp((string) ($a[$column] ?? ''), (string) ($b[$column] ?? ''));
                    if ($order !== 0) {
                        return strtoupper($direction) === 'DESC' ? -$order : $order;
                    }
                }
                return 0;
            });
            $columns = $fields === '*' ? null : array_map('trim', explode(',', $fields));
            $records = [];
            foreach ($rows as $row) {
                $record = $columns === null ? $row : array_intersect_key($row, array_flip($columns));
                foreach ($columns ?? [] as $column) {
                    if (!array_key_exists($column, $row)) {
                        throw new dml_exception('dmlreadexception', '', '', null, "no column {$table}.{$column}");
                    }
                }
                $key = reset($record);
                if (array_key_exists($key, $records)) {
                    throw new LogicException("harness: duplicate first field {$key} in get_records('{$table}')");
                }
                $records[$key] = (object) $record;
            }
            return $records;
        }

        public function record_exists($table, array $conditions): bool {
            return $this->select($table, $conditions) !== [];
        }

        public function get_field($table, $return, array $conditions, $strictness = IGNORE_MISSING) {
            $rows = $this->select($table, $conditions);
            if (!$rows) {
                if ($strictness === MUST_EXIST) {
                    throw new dml_exception('invalidrecord');
                }
                return false;
            }
            if (count($rows) > 1 && $strictness !== IGNORE_MULTIPLE) {
                throw new dml_exception('multiplerecordsfound');
            }
            if (!array_key_exists($return, $rows[0])) {
                throw new dml_exception('dmlreadexception', '', '', null, "no column {$table}.{$return}");
            }
            return $rows[0][$return];
        }

        public function __call($name, $arguments) {
            throw new LogicException("harness: \$DB->{$name}() is not stubbed");
        }

        /** @return list<array<string, string|null>> rows matching every condition (null: IS NULL). */
        private function select(string $table, array $conditions): array {
            if (!array_key_exists($table, $this->tables)) {
                throw new dml_exception('dmlreadexception', '', '', null, "no table {$table}");
            }
            return array_values(array_filter($this->tables[$table], static function (array $row) use ($conditions, $table): bool {
                foreach ($conditions as $column => $value) {
                    if (!array_key_exists($column, $row)) {
                        throw new dml_exception('dmlreadexception', '', '', null, "no column {$table}.{$column}");
                    }
                    if ($value === null ? $row[$column] !== null : $row[$column] !== (string) $value) {
                        return false;
                    }
                }
                return true;
            }));
        }
    }
}

namespace core\session {
    class manager {
        public static function write_close(): void {
            \kineo_harness()->sessionclosed = true;
        }
    }
}

namespace local_kineo {
    // The PHP CLI keeps no response headers; the plugin calls these unqualified inside its
    // namespace, so these stand-ins capture them.
    function header(string $header, bool $replace = true, int $response_code = 0): void {
        \kineo_harness()->header($header, $replace, $response_code);
    }

    function http_response_code(int $response_code = 0): int|bool {
        $harness = \kineo_harness();
        $previous = $harness->status;
        if ($response_code > 0) {
            $harness->status = $response_code;
        }
        return $previous;
    }
}
