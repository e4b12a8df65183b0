/**
 * The built-in notifiers: {@code webhook} (Alertmanager's webhook JSON, optionally signed),
 * {@code mail} (SMTP) and {@code alertmanager} (Prometheus Alertmanager's {@code /api/v2/alerts}).
 * Each provider checks a receiver's settings in words naming the setting, and never repeats a
 * password, a secret or a header's value.
 */
package io.kurado.plugins.notify;
