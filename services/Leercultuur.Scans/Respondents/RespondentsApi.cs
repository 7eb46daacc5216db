using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Leercultuur.Scans.Instruments;
using Leercultuur.ServiceDefaults.Hosting;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.Security;
using Leercultuur.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Leercultuur.Scans.Respondents;

public static partial class RespondentsApi
{
    /// <summary>The header a respondent's token travels in: never in a URL, where logs and traces would keep it.</summary>
    public const string TokenHeader = "Respondent-Token";

    /// <summary>What a token looks like: 32 random bytes, base64url without padding.</summary>
    public const string TokenPattern = "^[A-Za-z0-9_-]{43}$";

    public static IEndpointRouteBuilder MapRespondents(this IEndpointRouteBuilder endpoints, ApiDescriptor api)
    {
        var group = endpoints.MapApiGroup(api, "scans", "Respondents")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("{id}/invitations", Invite)
            .WithName("InviteRespondents")
            .WithSummary("Issue a batch of single-use respondent tokens for one role, up to the role's maximum together with those issued before. The tokens are in this answer only: they are stored hashed. A lost answer is made good by revoking the unused tokens (DELETE) and issuing another batch.")
            .WithValidation<InvitationRequest>()
            .RequireAuthorization(Capabilities.ScansManage)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapMethods("{id}/invitations", ["GET", "HEAD"], Summary)
            .WithName("GetInvitations")
            .WithSummary("Per role how many tokens were issued, how many holders are answering and how many submitted; never who.")
            .RequireAuthorization(Capabilities.ScansManage);

        group.MapDelete("{id}/invitations", Revoke)
            .WithName("RevokeUnusedInvitations")
            .WithSummary("Revoke the role's tokens nobody has used yet, so as many can be issued again; tokens with saved or submitted answers stay. Answers with the progress per role.")
            .RequireAuthorization(Capabilities.ScansManage)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var respondent = group.MapGroup("{id}/questionnaire")
            .AllowAnonymous()
            .AddEndpointFilter(LimitPerRespondentToken)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        respondent.MapMethods("", ["GET", "HEAD"], Questionnaire)
            .WithName("GetQuestionnaire")
            .WithSummary("The questionnaire of the token's role in Dutch or English (Accept-Language), with the answers saved so far. 409 once submitted or when the scan is closed.");
        respondent.MapPut("answers", Save)
            .WithName("SaveAnswers")
            .WithSummary("Save answers so far (any part of the role's items); the set sent replaces the set saved. 409 once submitted or when the scan is closed.")
            .WithValidation<AnswersRequest>();
        respondent.MapPost("submission", Submit)
            .WithName("SubmitAnswers")
            .WithSummary("Submit every item of the role's questionnaire, once. The same answers again answer the same; other answers after submission are a 409.")
            .WithValidation<AnswersRequest>();
        return endpoints;
    }

    // Respondents have no account: their token is what a limit can count.
    private static async ValueTask<object?> LimitPerRespondentToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.Request.Headers[TokenHeader].ToString() is { Length: > 0 } token &&
            await context.HttpContext.RequestServices.GetRequiredService<RespondentRateLimiter>().TryAcquireAsync(context.HttpContext, token) is { } rejected)
        {
            return rejected;
        }

        return await next(context);
    }

    private static async Task<Results<Created<InvitationsResponse>, ValidationProblem, ProblemHttpResult>> Invite(
        Guid id, InvitationRequest request, RespondentService service, Caller caller, HttpContext context, CancellationToken cancellationToken)
    {
        var outcome = await service.InviteAsync(id, request, caller, cancellationToken);
        if (!outcome.IsOk)
        {
            return outcome.Kind == OutcomeKind.Invalid ? outcome.ToValidationProblem() : outcome.ToProblem();
        }

        // Secrets: no cache of any kind keeps them.
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"{context.Request.PathBase}{context.Request.Path}", outcome.Value!);
    }

    private static async Task<Results<Ok<InvitationSummaryResponse>, ValidationProblem, ProblemHttpResult>> Revoke(
        Guid id,
        [Required, RegularExpression(InvitationRequest.RoleKeyPattern), Description("The role whose unused tokens are revoked.")] string? role,
        RespondentService service,
        Caller caller,
        CancellationToken cancellationToken)
    {
        if (role is null || !RoleShape().IsMatch(role))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = ["A role is required: lowercase letters, digits and hyphens, at most 100 (the instrument's roles)."] }, title: "The request is not valid");
        }

        var outcome = await service.RevokeUnusedAsync(id, role, caller, cancellationToken);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.ToProblem();
    }

    private static async Task<Results<Ok<InvitationSummaryResponse>, ProblemHttpResult>> Summary(Guid id, RespondentService service, Caller caller, CancellationToken cancellationToken)
    {
        var outcome = await service.SummaryAsync(id, caller, cancellationToken);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.ToProblem();
    }

    private static async Task<Results<Ok<QuestionnaireResponse>, ValidationProblem, ProblemHttpResult>> Questionnaire(
        Guid id,
        [FromHeader(Name = TokenHeader), Required, RegularExpression(TokenPattern), Description("The respondent's single-use token.")] string? token,
        RespondentService service,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        if (InvalidToken(token) is { } invalid)
        {
            return invalid;
        }

        var outcome = await service.QuestionnaireAsync(id, token!, Languages.Choose(context), cancellationToken);
        context.Response.Headers.CacheControl = "private, no-store";
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.ToProblem();
    }

    private static async Task<Results<Ok<QuestionnaireResponse>, ValidationProblem, ProblemHttpResult>> Save(
        Guid id,
        [FromHeader(Name = TokenHeader), Required, RegularExpression(TokenPattern), Description("The respondent's single-use token.")] string? token,
        AnswersRequest request,
        RespondentService service,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        if (InvalidToken(token) is { } invalid)
        {
            return invalid;
        }

        var outcome = await service.SaveAsync(id, token!, request, Languages.Choose(context), cancellationToken);
        context.Response.Headers.CacheControl = "private, no-store";
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Kind == OutcomeKind.Invalid ? outcome.ToValidationProblem() : outcome.ToProblem();
    }

    private static async Task<Results<Ok<SubmissionResponse>, ValidationProblem, ProblemHttpResult>> Submit(
        Guid id,
        [FromHeader(Name = TokenHeader), Required, RegularExpression(TokenPattern), Description("The respondent's single-use token.")] string? token,
        AnswersRequest request,
        RespondentService service,
        CancellationToken cancellationToken)
    {
        if (InvalidToken(token) is { } invalid)
        {
            return invalid;
        }

        var outcome = await service.SubmitAsync(id, token!, request, cancellationToken);
        return outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.Kind == OutcomeKind.Invalid ? outcome.ToValidationProblem() : outcome.ToProblem();
    }

    private static ValidationProblem? InvalidToken(string? token) =>
        token is not null && TokenShape().IsMatch(token)
            ? null
            : TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [TokenHeader] = ["The Respondent-Token header carries the 43-character token from the invitation."] },
                title: "The request is not valid");

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9_-]{43}\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex TokenShape();

    [System.Text.RegularExpressions.GeneratedRegex(@"^[a-z][a-z0-9-]{0,99}\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex RoleShape();
}
