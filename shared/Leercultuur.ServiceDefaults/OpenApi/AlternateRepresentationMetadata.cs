using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace Leercultuur.ServiceDefaults.OpenApi;

/// <summary>
/// A 200 an operation also sends as another media type (a result as a printable HTML page), chosen by
/// Accept. Content negotiation (<see cref="Http.AcceptableMiddleware"/>) accepts it, and the document lists
/// it beside the JSON with a text schema.
/// </summary>
public sealed record AlternateRepresentationMetadata(string ContentType);

public static class AlternateRepresentationExtensions
{
    public static RouteHandlerBuilder WithAlternateRepresentation(this RouteHandlerBuilder builder, string contentType) =>
        builder
            .WithMetadata(new AlternateRepresentationMetadata(contentType))
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
                {
                    response.Content ??= new Dictionary<string, OpenApiMediaType>();
                    response.Content[contentType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                }

                return Task.CompletedTask;
            });
}
