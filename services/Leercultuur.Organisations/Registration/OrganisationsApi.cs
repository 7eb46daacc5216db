using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Leercultuur.Organisations.Classification;
using Leercultuur.ServiceDefaults.Hosting;
using Leercultuur.ServiceDefaults.Idempotency;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.OpenApi;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Leercultuur.Organisations.Registration;

public static class OrganisationsApi
{
    public const int MaxLimit = 100;
    public const int DefaultLimit = 20;
    public const int MaxQueryLength = 100;

    public static IEndpointRouteBuilder MapOrganisations(this IEndpointRouteBuilder endpoints, ApiDescriptor api)
    {
        var group = endpoints.MapApiGroup(api, "organisations", "Organisations")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapPost("", Register)
            .WithName("RegisterOrganisation")
            .WithSummary("Register an organisation; publishes OrganisationRegistered.")
            .WithDescription("A programme client's registration joins its own programme. A KvK number registered before is a 409; its problem names the existing organisation when the caller may see it.")
            .WithValidation<RegisterOrganisationRequest>()
            .WithIdempotency<OrganisationsModule>()
            .WithEntityTag()
            .RequireAuthorization(Capabilities.OrganisationsWrite)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapMethods("{id}", ["GET", "HEAD"], Get)
            .WithName("GetOrganisation")
            .WithSummary("One organisation by id, with its version as ETag.")
            .WithEntityTag()
            .WithDescription("Another programme's organisation is a 404, as is one that does not exist.")
            .RequireAuthorization(Capabilities.OrganisationsRead)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapMethods("", ["GET", "HEAD"], List)
            .WithName("ListOrganisations")
            .WithSummary($"Organisations in registration order, filtered, a page at a time (limit at most {MaxLimit}); a programme client sees its own members only.")
            .RequireAuthorization(Capabilities.OrganisationsRead);
        group.MapPatch("{id}", Update)
            .WithName("UpdateOrganisation")
            .WithSummary("Change name, headcount, SBI code and version, or province with a JSON merge patch; publishes OrganisationProfileChanged.")
            .WithDescription("Requires If-Match with the ETag of the version the change applies to: without it 428, with an older one 412.")
            .Accepts<JsonObject>("application/merge-patch+json", "application/json")
            .WithDocumentedBody<OrganisationMergePatch>()
            .WithEntityTag()
            .RequireAuthorization(Capabilities.OrganisationsWrite)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapDelete("{id}", Erase)
            .WithName("EraseOrganisation")
            .WithSummary("Erase the organisation everywhere (AVG right to be forgotten); publishes OrganisationErased. Erasing again answers 204 too.")
            .RequireAuthorization(Capabilities.OrganisationsWrite)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<Results<Created<OrganisationResponse>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterOrganisationRequest request,
        OrganisationService service,
        Caller caller,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var outcome = await service.RegisterAsync(request, caller, cancellationToken);
        if (!outcome.IsOk)
        {
            return outcome.Kind == OutcomeKind.Invalid ? outcome.ToValidationProblem() : outcome.ToProblem();
        }

        EntityTags.Set(context.Response, outcome.Value!.Version);
        return TypedResults.Created($"{OrganisationService.BasePath}/{outcome.Value.Id}", OrganisationResponse.From(outcome.Value, caller));
    }

    private static async Task<Results<Ok<OrganisationResponse>, StatusCodeHttpResult, ProblemHttpResult>> Get(
        Guid id, OrganisationService service, Caller caller, HttpContext context, CancellationToken cancellationToken)
    {
        var row = await service.FindAsync(id, caller, cancellationToken);
        if (row is null)
        {
            return Problems.NotFound($"No organisation with id {id}.");
        }

        EntityTags.Set(context.Response, row.Version);
        return EntityTags.NotModified(context.Request, row.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(OrganisationResponse.From(row, caller));
    }

    private static async Task<Results<Ok<Page<OrganisationResponse>>, ValidationProblem>> List(
        OrganisationService service,
        SbiSectionTable sbi,
        Caller caller,
        HttpContext context,
        CancellationToken cancellationToken,
        [FromQuery, AllowedList(typeof(SbiSectionTable), nameof(SbiSectionTable.AllSectionLetters)), Description("SBI section letter.")] string? sector = null,
        [FromQuery, AllowedList(typeof(SbiSectionTable), nameof(SbiSectionTable.AllVersions)), Description("Only codes of this SBI version.")] int? sbiVersion = null,
        [FromQuery, AllowedList(typeof(SizeClass), nameof(SizeClass.All)), Description("EU size class.")] string? sizeClass = null,
        [FromQuery, AllowedList(typeof(Province), nameof(Province.Accepted)), Description("Province code or name, as listed.")] string? province = null,
        [FromQuery, Description("Only members of this programme (a programme client: its own; another gives an empty page).")] Guid? programme = null,
        [FromQuery, StringLength(MaxQueryLength, MinimumLength = 1), RegularExpression(TextRules.LinePattern), Description("A part of the name, case-insensitive.")] string? q = null,
        [FromQuery, Range(1, MaxLimit), Description("Items per page; 20 when left out.")] int? limit = null,
        [FromQuery, RegularExpression(PageCursor.Pattern), Description(PageCursor.Description)] string? cursor = null)
    {
        var errors = new ValidationErrors();
        errors.Require(sector is null || sbi.SectionLetters.Contains(sector), "sector", $"A sector is an SBI section letter: {string.Join(", ", sbi.SectionLetters)} (GET /organisations/v1/code-lists/sbi-sections).");
        errors.Require(sbiVersion is null or 2008 or 2025, "sbiVersion", "The SBI version is 2008 or 2025.");
        errors.Require(sizeClass is null || SizeClass.All.Contains(sizeClass), "sizeClass", $"The size class is one of {string.Join(", ", SizeClass.All)}.");
        var provinceCode = "";
        errors.Require(province is null || Province.TryNormalise(province, out provinceCode), "province", $"The province is one of {string.Join(", ", Province.Codes)} or its name.");
        errors.Require(q is null || TextRules.HasText(q, MaxQueryLength), "q", $"q, a part of the name, has 1 to {MaxQueryLength} characters, one line, not only spaces.");
        errors.Require(limit is null or >= 1 and <= MaxLimit, "limit", $"limit is from 1 to {MaxLimit}.");
        PageCursor? after = null;
        errors.Require(cursor is null || PageCursor.TryDecode(cursor, out after), "cursor", "The cursor is not one this API gave out; start again without it.");
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is not valid");
        }

        var filter = new OrganisationFilter(sector, sbiVersion, sizeClass, province is null ? null : provinceCode, programme, q is null ? null : TextRules.Tidy(q));
        var size = limit ?? DefaultLimit;
        if (caller.IsProgrammeOnly && programme is { } asked && asked != caller.ProgrammeId)
        {
            // Another programme's membership is not this client's to learn, not even of its own members.
            return TypedResults.Ok(new Page<OrganisationResponse>([], 0, null));
        }

        var (rows, total) = await service.ListAsync(filter, after, size, caller, cancellationToken);
        var next = rows.Count == size ? new PageCursor(rows[^1].RegisteredAt, rows[^1].Id).Encode() : null;
        return TypedResults.Ok(new Page<OrganisationResponse>(
            rows.Select(row => OrganisationResponse.From(row, caller)).ToList(),
            total,
            next is null ? null : PageCursor.NextLink(context.Request, next)));
    }

    private static async Task<Results<Ok<OrganisationResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id,
        [FromBody] JsonNode? patch,
        OrganisationService service,
        Caller caller,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var read = OrganisationPatch.Read(patch);
        if (!read.IsOk)
        {
            return read.ToValidationProblem();
        }

        var outcome = await service.UpdateAsync(id, read.Value!, EntityTags.IfMatch(context.Request), caller, cancellationToken);
        if (!outcome.IsOk)
        {
            return outcome.Kind == OutcomeKind.Invalid ? outcome.ToValidationProblem() : outcome.ToProblem();
        }

        EntityTags.Set(context.Response, outcome.Value!.Version);
        return TypedResults.Ok(OrganisationResponse.From(outcome.Value, caller));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Erase(Guid id, OrganisationService service, Caller caller, CancellationToken cancellationToken)
    {
        var outcome = await service.EraseAsync(id, caller, cancellationToken);
        return outcome.IsOk ? TypedResults.NoContent() : outcome.ToProblem();
    }
}
