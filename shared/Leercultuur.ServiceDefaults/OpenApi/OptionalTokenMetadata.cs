using Microsoft.AspNetCore.Builder;

namespace Leercultuur.ServiceDefaults.OpenApi;

/// <summary>
/// An open operation that does more with a token (the national indicators are open; a programme's need a
/// token with <see cref="Capability"/>): the document lists both an empty and a bearer requirement.
/// </summary>
public sealed record OptionalTokenMetadata(string Capability, string Use);

public static class OptionalTokenExtensions
{
    public static RouteHandlerBuilder WithOptionalToken(this RouteHandlerBuilder builder, string capability, string use) =>
        builder.WithMetadata(new OptionalTokenMetadata(capability, use));
}
