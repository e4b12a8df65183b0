/** Plugin and provider discovery: {@link io.kurado.core.plugin.PluginRegistry}. */
package io.kurado.core.plugin;
