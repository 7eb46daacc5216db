using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Leercultuur.Data;
using Leercultuur.Organisations.Registration;
using Leercultuur.ServiceDefaults.Hosting;
using Leercultuur.ServiceDefaults.Idempotency;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.OpenApi;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Leercultuur.Organisations.Programmes;

public static class ProgrammesApi
{
    public const string BasePath = "/organisations/v1/programmes";
    public const int MaxOffset = 100_000;

    public static IEndpointRouteBuilder MapProgrammes(this IEndpointRouteBuilder endpoints, ApiDescriptor api)
    {
        var group = endpoints.MapApiGroup(api, "programmes", "Programmes")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapPost("", Create)
            .WithName("CreateProgramme")
            .WithSummary("Register a branch programme (admin).")
            .WithValidation<CreateProgrammeRequest>()
            .WithIdempotency<OrganisationsModule>()
            .WithEntityTag()
            .RequireAuthorization(Capabilities.ProgrammesManage)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapMethods("", ["GET", "HEAD"], List)
            .WithName("ListProgrammes")
            .WithSummary($"Every branch programme, by name (admin), a page at a time (limit at most {OrganisationsApi.MaxLimit}).")
            .RequireAuthorization(Capabilities.ProgrammesManage);
        group.MapMethods("{id}", ["GET", "HEAD"], Get)
            .WithName("GetProgramme")
            .WithSummary("One programme: any for an admin, its own for a programme client (another is a 404).")
            .WithEntityTag()
            .RequireAuthorization(Capabilities.ProgrammesReadOwn)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("{id}", Update)
            .WithName("UpdateProgramme")
            .WithSummary("Change a programme with a JSON merge patch (admin); If-Match is required.")
            .Accepts<JsonObject>("application/merge-patch+json", "application/json")
            .WithDocumentedBody<ProgrammeMergePatch>()
            .WithEntityTag()
            .RequireAuthorization(Capabilities.ProgrammesManage)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapPut("{id}/members/{organisationId}", Join)
            .WithName("AddProgrammeMember")
            .WithSummary("Make an organisation a member of the programme (admin); publishes ProgrammeMembershipChanged. Repeating it changes nothing.")
            .RequireAuthorization(Capabilities.ProgrammesManage)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("{id}/members/{organisationId}", Leave)
            .WithName("RemoveProgrammeMember")
            .WithSummary("Take an organisation out of the programme (admin); publishes ProgrammeMembershipChanged. Repeating it changes nothing.")
            .RequireAuthorization(Capabilities.ProgrammesManage)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapMethods("{id}/members", ["GET", "HEAD"], Members)
            .WithName("ListProgrammeMembers")
            .WithSummary("The programme's members in the order they joined, a page at a time: any programme for an admin, its own for a programme client.")
            .RequireAuthorization(Capabilities.ProgrammesReadOwn)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<Results<Created<ProgrammeResponse>, ProblemHttpResult>> Create(
        CreateProgrammeRequest request, ProgrammeRepository programmes, Database<OrganisationsModule> database, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var row = new ProgrammeRow
        {
            Id = Guid.CreateVersion7(now),
            Name = TextRules.Tidy(request.Name!),
            Description = request.Description,
            SbiSections = string.Join(',', request.SbiSections!),
            WebhookUrl = request.WebhookUrl,
            CreatedAt = now,
            Version = 1,
        };
        try
        {
            await programmes.InsertAsync(row, cancellationToken);
        }
        catch (Exception exception) when (database.Dialect.IsUniqueViolation(exception))
        {
            return Problems.Conflict($"A programme named '{row.Name}' exists already.");
        }

        EntityTags.Set(context.Response, row.Version);
        return TypedResults.Created($"{BasePath}/{row.Id}", ProgrammeResponse.From(row));
    }

    private static async Task<Results<Ok<Page<ProgrammeResponse>>, ValidationProblem>> List(
        ProgrammeRepository programmes,
        CancellationToken cancellationToken,
        [FromQuery, Range(1, OrganisationsApi.MaxLimit), Description("Items per page; 20 when left out.")] int? limit = null,
        [FromQuery, Range(0, MaxOffset), Description("How many programmes to skip, in name order.")] int? offset = null)
    {
        var errors = new ValidationErrors();
        errors.Require(limit is null or >= 1 and <= OrganisationsApi.MaxLimit, "limit", $"limit is from 1 to {OrganisationsApi.MaxLimit}.");
        errors.Require(offset is null or >= 0 and <= MaxOffset, "offset", $"offset is from 0 to {MaxOffset}.");
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is not valid");
        }

        var size = limit ?? OrganisationsApi.DefaultLimit;
        var start = offset ?? 0;
        var (rows, total) = await programmes.ListAsync(start, size, cancellationToken);
        var next = start + rows.Count < total ? $"{BasePath}?limit={size}&offset={start + rows.Count}" : null;
        return TypedResults.Ok(new Page<ProgrammeResponse>(rows.Select(ProgrammeResponse.From).ToList(), total, next));
    }

    private static async Task<Results<Ok<ProgrammeResponse>, StatusCodeHttpResult, ProblemHttpResult>> Get(
        Guid id, ProgrammeRepository programmes, Caller caller, HttpContext context, CancellationToken cancellationToken)
    {
        var row = caller.Reaches([id]) ? await programmes.FindAsync(id, cancellationToken) : null;
        if (row is null)
        {
            return Problems.NotFound($"No programme with id {id}.");
        }

        EntityTags.Set(context.Response, row.Version);
        return EntityTags.NotModified(context.Request, row.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(ProgrammeResponse.From(row));
    }

    private static async Task<Results<Ok<ProgrammeResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, [FromBody] JsonNode? patch, ProgrammeRepository programmes, Database<OrganisationsModule> database, HttpContext context, CancellationToken cancellationToken)
    {
        var current = await programmes.FindAsync(id, cancellationToken);
        if (current is null)
        {
            return Problems.NotFound($"No programme with id {id}.");
        }

        var expected = EntityTags.IfMatch(context.Request);
        if (expected is null)
        {
            return Problems.PreconditionRequired($"A change needs If-Match with the ETag of the version it changes (now {EntityTags.For(current.Version)}).");
        }

        if (!EntityTags.Matches(expected.Value, current.Version))
        {
            return Problems.PreconditionFailed($"The programme changed since that version; it is now {EntityTags.For(current.Version)}.");
        }

        var patched = ProgrammeRules.Patch(current, patch);
        if (!patched.IsOk)
        {
            return patched.ToValidationProblem();
        }

        try
        {
            if (!await programmes.UpdateAsync(patched.Value!, current.Version, cancellationToken))
            {
                return Problems.PreconditionFailed("The programme changed at the same moment; read it again.");
            }
        }
        catch (Exception exception) when (database.Dialect.IsUniqueViolation(exception))
        {
            return Problems.Conflict($"A programme named '{patched.Value!.Name}' exists already.");
        }

        var updated = patched.Value! with { Version = current.Version + 1 };
        EntityTags.Set(context.Response, updated.Version);
        return TypedResults.Ok(ProgrammeResponse.From(updated));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Join(Guid id, Guid organisationId, OrganisationService service, CancellationToken cancellationToken)
    {
        var outcome = await service.ChangeMembershipAsync(id, organisationId, member: true, cancellationToken);
        return outcome.IsOk ? TypedResults.NoContent() : outcome.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Leave(Guid id, Guid organisationId, OrganisationService service, CancellationToken cancellationToken)
    {
        var outcome = await service.ChangeMembershipAsync(id, organisationId, member: false, cancellationToken);
        return outcome.IsOk ? TypedResults.NoContent() : outcome.ToProblem();
    }

    private static async Task<Results<Ok<Page<MemberResponse>>, ValidationProblem, ProblemHttpResult>> Members(
        Guid id,
        ProgrammeRepository programmes,
        Caller caller,
        HttpContext context,
        CancellationToken cancellationToken,
        [FromQuery, Range(1, OrganisationsApi.MaxLimit), Description("Items per page; 20 when left out.")] int? limit = null,
        [FromQuery, RegularExpression(PageCursor.Pattern), Description(PageCursor.Description)] string? cursor = null)
    {
        var errors = new ValidationErrors();
        errors.Require(limit is null or >= 1 and <= OrganisationsApi.MaxLimit, "limit", $"limit is from 1 to {OrganisationsApi.MaxLimit}.");
        PageCursor? after = null;
        errors.Require(cursor is null || PageCursor.TryDecode(cursor, out after), "cursor", "The cursor is not one this API gave out; start again without it.");
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is not valid");
        }

        if (!caller.Reaches([id]) || await programmes.FindAsync(id, cancellationToken) is null)
        {
            return Problems.NotFound($"No programme with id {id}.");
        }

        var size = limit ?? OrganisationsApi.DefaultLimit;
        var (members, total) = await programmes.MembersAsync(id, after, size, cancellationToken);
        var next = members.Count == size ? PageCursor.NextLink(context.Request, new PageCursor(members[^1].JoinedAt, members[^1].OrganisationId).Encode()) : null;
        return TypedResults.Ok(new Page<MemberResponse>(members.Select(m => new MemberResponse(m.OrganisationId, m.JoinedAt)).ToList(), total, next));
    }
}
