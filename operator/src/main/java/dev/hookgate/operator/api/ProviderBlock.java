package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The settings block of a named provider. Empty for now: provider registration adds its own type per provider
 * (API credentials, events to subscribe) in a later version.
 *
 * <p>The class-level Jackson annotation is what lets Jackson write an empty block as {@code {}} (a bean with no
 * properties and no Jackson annotation fails to serialise, and JOSDK serialises every resource it clones).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProviderBlock {}
