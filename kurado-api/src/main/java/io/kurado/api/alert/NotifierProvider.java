package io.kurado.api.alert;

import java.util.List;

/**
 * Makes notifiers of one type ({@code webhook}, {@code mail}, {@code alertmanager}, or an
 * application's own) from a receiver's settings in the configuration. Found through
 * {@link java.util.ServiceLoader}.
 */
public interface NotifierProvider {
    /** @return the type a receiver names ({@code type: webhook}) */
    String type();

    /**
     * Checks a receiver's settings without connecting anywhere, so that {@code kurado config} reports
     * every problem with its file and line.
     *
     * @param config the receiver's settings
     * @return what is wrong, in words naming the setting; empty when nothing is
     */
    List<String> problems(NotifierConfig config);

    /**
     * @param config the receiver's settings, without problems
     * @return a notifier for that receiver
     */
    Notifier create(NotifierConfig config);
}
