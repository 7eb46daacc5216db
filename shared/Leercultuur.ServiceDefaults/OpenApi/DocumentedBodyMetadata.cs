using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Leercultuur.ServiceDefaults.OpenApi;

/// <summary>
/// The request body's shape for the document when the handler reads the body raw (a merge patch is read as
/// a JSON node, to tell an absent member from a null one): the document shows this type's schema instead.
/// </summary>
public sealed record DocumentedBodyMetadata(Type BodyType);

public static class DocumentedBodyExtensions
{
    public static RouteHandlerBuilder WithDocumentedBody<TBody>(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new DocumentedBodyMetadata(typeof(TBody)));
}
