using Microsoft.AspNetCore.Builder;

namespace Leercultuur.ServiceDefaults.OpenApi;

/// <summary>Marks an operation whose answers carry the resource's version as ETag (and, for GET, answer 304 to If-None-Match).</summary>
public sealed class EntityTagMetadata;

public static class EntityTagExtensions
{
    public static RouteHandlerBuilder WithEntityTag(this RouteHandlerBuilder builder) => builder.WithMetadata(new EntityTagMetadata());
}
