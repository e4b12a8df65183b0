/** View plugins: {@link io.kurado.api.view.MetricsViewer}, graph groups and graph definitions. */
package io.kurado.api.view;
