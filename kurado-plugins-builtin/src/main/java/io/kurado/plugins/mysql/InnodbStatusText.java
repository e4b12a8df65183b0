package io.kurado.plugins.mysql;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads figures out of the text of {@code SHOW ENGINE INNODB STATUS}: the InnoDB counters of MySQL
 * 4, which has no {@code Innodb_*} status variables, and the mutex and rw-lock spin counters of
 * every version.
 */
final class InnodbStatusText {
    /** MySQL 4 had 16 KiB pages and no way to ask. */
    static final long MYSQL4_PAGE_SIZE = 16384;

    private static final Pattern ROWS = Pattern.compile("Number of rows inserted (\\d+), updated (\\d+), deleted (\\d+), read (\\d+)");
    private static final Pattern HIT_RATE = Pattern.compile("Buffer pool hit rate (\\d+) / (\\d+)");
    private static final Pattern POOL_SIZE = Pattern.compile("^Buffer pool size\\s*(\\d+)$");
    private static final Pattern FREE = Pattern.compile("^Free buffers\\s*(\\d+)$");
    private static final Pattern DATA = Pattern.compile("^Database pages\\s*(\\d+)$");
    private static final Pattern DIRTY = Pattern.compile("^Modified db pages\\s*(\\d+)$");
    private static final Pattern PAGES = Pattern.compile("^Pages read\\s+(\\d+), created\\s+(\\d+), written\\s+(\\d+)$");
    private static final Pattern FILE_IO = Pattern.compile("^(\\d+) OS file reads, (\\d+) OS file writes, (\\d+) OS fsyncs");
    private static final Pattern LOG_IO = Pattern.compile("^(\\d+) log i/o's done, ");
    private static final Pattern MUTEX_56 = Pattern.compile("^Mutex spin waits (\\d+), rounds (\\d+), OS waits (\\d+)");
    private static final Pattern RW_57 = Pattern.compile("^RW-(?:shared|sx|excl) spins (\\d+), rounds (\\d+), OS waits (\\d+)");
    private static final Pattern RW_55 = Pattern.compile("^RW-shared spins (\\d+), OS waits (\\d+); RW-excl spins (\\d+), OS waits (\\d+)");

    private InnodbStatusText() {}

    /**
     * Adds the MySQL 4 InnoDB figures to the status map (lower-case names, pages already in bytes)
     * and sets {@code innodb_buffer_pool_size} among the variables.
     *
     * @param text the engine status text
     * @param status the status variables, added to
     * @param variables the server variables, added to
     */
    static void readMysql4(String text, Map<String, String> status, Map<String, String> variables) {
        long page = MYSQL4_PAGE_SIZE;
        status.put("innodb_page_size", Long.toString(page));
        for (String line : text.split("\n")) {
            Matcher m;
            if ((m = ROWS.matcher(line)).find()) {
                status.put("innodb_rows_inserted", m.group(1));
                status.put("innodb_rows_updated", m.group(2));
                status.put("innodb_rows_deleted", m.group(3));
                status.put("innodb_rows_read", m.group(4));
            }
            if ((m = HIT_RATE.matcher(line)).find()) {
                double hit = Double.parseDouble(m.group(1));
                double total = Double.parseDouble(m.group(2));
                if (total > 0) {
                    status.put("innodb_buffer_pool_hit_rate", String.format(java.util.Locale.ROOT, "%.5f", hit / total * 100));
                }
            }
            if ((m = POOL_SIZE.matcher(line)).find()) {
                String bytes = Long.toString(Long.parseLong(m.group(1)) * page);
                status.put("innodb_buffer_pool_pages_total", bytes);
                variables.put("innodb_buffer_pool_size", bytes);
            }
            if ((m = FREE.matcher(line)).find()) {
                status.put("innodb_buffer_pool_pages_free", Long.toString(Long.parseLong(m.group(1)) * page));
            }
            if ((m = DATA.matcher(line)).find()) {
                status.put("innodb_buffer_pool_pages_data", Long.toString(Long.parseLong(m.group(1)) * page));
            }
            if ((m = DIRTY.matcher(line)).find()) {
                status.put("innodb_buffer_pool_pages_dirty", Long.toString(Long.parseLong(m.group(1)) * page));
            }
            if ((m = PAGES.matcher(line)).find()) {
                status.put("innodb_pages_read", m.group(1));
                status.put("innodb_pages_created", m.group(2));
                status.put("innodb_pages_written", m.group(3));
            }
            if ((m = FILE_IO.matcher(line)).find()) {
                status.put("innodb_data_reads", m.group(1));
                status.put("innodb_data_writes", m.group(2));
                status.put("innodb_data_fsyncs", m.group(3));
            }
            if ((m = LOG_IO.matcher(line)).find()) {
                status.put("innodb_log_writes", m.group(1));
            }
        }
    }

    /**
     * Sums the spin waits, spin rounds and OS waits of the mutex and rw-lock lines (the formats of
     * 5.5, 5.6 and 5.7) into {@code innodb_spin_waits}, {@code innodb_spin_rounds} and
     * {@code innodb_os_waits}. Text without such lines adds nothing.
     *
     * @param text the engine status text
     * @param status the status variables, added to
     */
    static void readSpins(String text, Map<String, String> status) {
        long waits = 0;
        long rounds = 0;
        long os = 0;
        boolean found = false;
        boolean roundsFound = false;
        for (String line : text.split("\n")) {
            Matcher m;
            if ((m = MUTEX_56.matcher(line)).find() || (m = RW_57.matcher(line)).find()) {
                waits += Long.parseLong(m.group(1));
                rounds += Long.parseLong(m.group(2));
                os += Long.parseLong(m.group(3));
                found = true;
                roundsFound = true;
            } else if ((m = RW_55.matcher(line)).find()) {
                waits += Long.parseLong(m.group(1)) + Long.parseLong(m.group(3));
                os += Long.parseLong(m.group(2)) + Long.parseLong(m.group(4));
                found = true;
            }
        }
        if (found) {
            status.put("innodb_spin_waits", Long.toString(waits));
            status.put("innodb_os_waits", Long.toString(os));
            if (roundsFound) {
                status.put("innodb_spin_rounds", Long.toString(rounds));
            }
        }
    }
}
