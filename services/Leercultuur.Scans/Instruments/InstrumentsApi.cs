using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Leercultuur.Scans.Scanning;
using Leercultuur.ServiceDefaults.Hosting;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leercultuur.Scans.Instruments;

public static class InstrumentsApi
{
    public static IEndpointRouteBuilder MapInstruments(this IEndpointRouteBuilder endpoints, ApiDescriptor api)
    {
        // The questionnaires are public: respondents read them without an account.
        var group = endpoints.MapApiGroup(api, "instruments", "Instruments").AllowAnonymous();
        group.MapMethods("", ["GET", "HEAD"], List)
            .WithName("ListInstruments")
            .WithSummary("Every published instrument version, with items, scale, roles and dimensions, in Dutch or English (Accept-Language).");
        group.MapMethods("{key}/versions/{version}", ["GET", "HEAD"], Get)
            .WithName("GetInstrumentVersion")
            .WithSummary("One instrument version in Dutch or English (Accept-Language); a version never changes, so its ETag is its version and language.")
            .WithEntityTag()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static Ok<IReadOnlyList<InstrumentResponse>> List(InstrumentCatalog catalog, HttpContext context)
    {
        var language = Languages.Choose(context);
        // New versions ship with a deployment; an hour's staleness is harmless.
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Ok<IReadOnlyList<InstrumentResponse>>(catalog.Published.Select(i => InstrumentResponse.From(i, language)).ToList());
    }

    private static Results<Ok<InstrumentResponse>, StatusCodeHttpResult, ProblemHttpResult> Get(
        [RegularExpression(StartScanRequest.InstrumentKeyPattern), Description("Instrument key.")] string key,
        [Range(1, int.MaxValue), Description("Instrument version.")] int version,
        InstrumentCatalog catalog,
        Leercultuur.ServiceDefaults.Security.Caller caller,
        HttpContext context)
    {
        // A draft is the admins' until it is published.
        if (catalog.Find(key, version) is not { } instrument || (instrument.Status == "draft" && !caller.IsAdmin))
        {
            return Problems.NotFound($"No instrument '{key}' version {version}.");
        }

        var language = Languages.Choose(context);
        if (instrument.Status == "draft")
        {
            // An admin's view of work in progress: not for shared caches, and it may still change.
            context.Response.Headers.CacheControl = "private, no-store";
            return TypedResults.Ok(InstrumentResponse.From(instrument, language));
        }

        context.Response.Headers.CacheControl = "public, max-age=86400";

        // One version, two representations: the tag names both, so a cache never serves one for the other.
        var tag = $"\"{version}-{language}\"";
        context.Response.Headers.ETag = tag;
        var notModified = context.Request.Headers.IfNoneMatch.Any(value => value is not null && value.Split(',').Select(v => v.Trim()).Any(v => v == "*" || v == tag || v == "W/" + tag));
        return notModified
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(InstrumentResponse.From(instrument, language));
    }
}
