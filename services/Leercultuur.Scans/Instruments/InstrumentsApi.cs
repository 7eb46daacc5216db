using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Leercultuur.Scans.Scanning;
using Leercultuur.ServiceDefaults.Hosting;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.OpenApi;
using System.Text.Json.Nodes;
using Leercultuur.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Leercultuur.Scans.Instruments;

public static class InstrumentsApi
{
    public static IEndpointRouteBuilder MapInstruments(this IEndpointRouteBuilder endpoints, ApiDescriptor api)
    {
        var group = endpoints.MapApiGroup(api, "instruments", "Instruments");

        // The questionnaires are public: respondents read them without an account.
        group.MapMethods("", ["GET", "HEAD"], List)
            .AllowAnonymous()
            .WithName("ListInstruments")
            .WithSummary("Every published instrument version, with items, scale, roles and dimensions, in Dutch or English (Accept-Language).");
        group.MapMethods("{key}/versions/{version}", ["GET", "HEAD"], Get)
            .AllowAnonymous()
            .WithName("GetInstrumentVersion")
            .WithSummary("One instrument version in Dutch or English (Accept-Language); a version never changes, so its ETag is its version and language.")
            .WithEntityTag()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("", Upload)
            .WithName("UploadInstrumentVersion")
            .WithSummary("Upload a new instrument version as a draft (a definition as instrument.schema.json describes, with status draft). 201 for a new version, 200 when it replaces the draft of that version; a published version is a 409. Every problem is a 400 naming its JSON path.")
            .Accepts<JsonNode>("application/json")
            .WithDocumentedBody<Instrument>()
            .RequireAuthorization(Capabilities.InstrumentsManage)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("{key}/versions/{version}/publication", Publish)
            .WithName("PublishInstrumentVersion")
            .WithSummary("Publish a draft: scans can start with it from now on and it never changes again. Publishing again answers the same.")
            .RequireAuthorization(Capabilities.InstrumentsManage)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return endpoints;
    }

    private static async Task<Results<Created<InstrumentResponse>, Ok<InstrumentResponse>, ValidationProblem, ProblemHttpResult>> Upload(
        [FromBody] JsonNode? definition, InstrumentStore store, HttpContext context, CancellationToken cancellationToken)
    {
        if (definition is not JsonObject)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["The body is one instrument definition: a JSON object."] }, title: "The request is not valid");
        }

        var outcome = await store.UploadAsync(definition.ToJsonString(), cancellationToken);
        if (!outcome.IsOk)
        {
            return outcome.Kind == OutcomeKind.Invalid ? outcome.ToValidationProblem() : outcome.ToProblem();
        }

        var (instrument, created) = outcome.Value;
        var response = InstrumentResponse.From(instrument, Languages.Choose(context));
        context.Response.Headers.CacheControl = "private, no-store";
        return created
            ? TypedResults.Created($"{context.Request.PathBase}{context.Request.Path}/{instrument.Key}/versions/{instrument.Version}", response)
            : TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<InstrumentResponse>, ProblemHttpResult>> Publish(
        [RegularExpression(StartScanRequest.InstrumentKeyPattern), Description("Instrument key.")] string key,
        [Range(1, int.MaxValue), Description("Instrument version.")] int version,
        InstrumentStore store,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var outcome = await store.PublishAsync(key, version, cancellationToken);
        return outcome.IsOk ? TypedResults.Ok(InstrumentResponse.From(outcome.Value!, Languages.Choose(context))) : outcome.ToProblem();
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
