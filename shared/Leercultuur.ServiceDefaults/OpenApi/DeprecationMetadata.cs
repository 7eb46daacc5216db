using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace Leercultuur.ServiceDefaults.OpenApi;

/// <summary>
/// An operation on its way out: its answers carry <c>Deprecation</c> (RFC 9745), <c>Sunset</c> (RFC 8594) and a
/// <c>Link</c> to what replaces it, and the document marks it deprecated with the same headers.
/// </summary>
public sealed record DeprecationMetadata(DateTimeOffset Deprecated, DateTimeOffset Sunset, string Successor)
{
    /// <summary>RFC 9745: a structured-field date, seconds since the epoch after '@'.</summary>
    public string DeprecationValue => "@" + Deprecated.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public string SunsetValue => Sunset.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);

    public string LinkValue => $"<{Successor}>; rel=\"successor-version\"";
}

public static class DeprecationExtensions
{
    public static RouteHandlerBuilder WithDeprecation(this RouteHandlerBuilder builder, DateTimeOffset deprecated, DateTimeOffset sunset, string successor)
    {
        var metadata = new DeprecationMetadata(deprecated, sunset, successor);
        return builder
            .WithMetadata(metadata)
            .AddEndpointFilter(async (context, next) =>
            {
                var headers = context.HttpContext.Response.Headers;
                headers["Deprecation"] = metadata.DeprecationValue;
                headers["Sunset"] = metadata.SunsetValue;
                headers.Append("Link", metadata.LinkValue);
                return await next(context);
            })
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Deprecated = true;
                foreach (var response in (operation.Responses ?? []).Values.OfType<OpenApiResponse>())
                {
                    response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    response.Headers["Deprecation"] = new OpenApiHeader { Description = $"RFC 9745: deprecated since {deprecated:yyyy-MM-dd}.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                    response.Headers["Sunset"] = new OpenApiHeader { Description = $"RFC 8594: answers stop after {sunset:yyyy-MM-dd}.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                    response.Headers["Link"] = new OpenApiHeader { Description = $"The successor: {successor}.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                }

                return Task.CompletedTask;
            });
    }
}
