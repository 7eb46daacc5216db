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
            .WithSummary("Every instrument version, with items, scale and dimensions.");
        group.MapMethods("{key}/versions/{version}", ["GET", "HEAD"], Get)
            .WithName("GetInstrumentVersion")
            .WithSummary("One instrument version; a version never changes, so its ETag is its version.")
            .WithEntityTag()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static Ok<IReadOnlyList<Instrument>> List(InstrumentCatalog catalog, HttpContext context)
    {
        // New versions ship with a deployment; an hour's staleness is harmless.
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Ok(catalog.All);
    }

    private static Results<Ok<Instrument>, StatusCodeHttpResult, ProblemHttpResult> Get(
        [RegularExpression(StartScanRequest.InstrumentKeyPattern), Description("Instrument key.")] string key,
        [Range(1, int.MaxValue), Description("Instrument version.")] int version,
        InstrumentCatalog catalog,
        HttpContext context)
    {
        if (catalog.Find(key, version) is not { } instrument)
        {
            return Problems.NotFound($"No instrument '{key}' version {version}.");
        }

        context.Response.Headers.CacheControl = "public, max-age=86400";
        EntityTags.Set(context.Response, instrument.Version);
        return EntityTags.NotModified(context.Request, instrument.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(instrument);
    }
}
