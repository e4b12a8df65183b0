/**
 * The configuration of the original Kurado, loaded unchanged and validated whole:
 * {@link io.kurado.core.config.ConfigLoader}.
 */
package io.kurado.core.config;
