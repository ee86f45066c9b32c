package dev.hookgate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The settings block of a provider that has no settings (Twilio): providers with settings have their own block
 * type ({@link TimestampedProviderBlock}, and the API providers' blocks, see {@link ApiProviderBlock}).
 *
 * <p>The class-level Jackson annotation is what lets Jackson write an empty block as {@code {}} (a bean with no
 * properties and no Jackson annotation fails to serialise, and JOSDK serialises every resource it clones).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProviderBlock {}
