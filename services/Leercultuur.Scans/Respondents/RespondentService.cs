using System.Text.Json;
using Leercultuur.Data;
using Leercultuur.Scans.Instruments;
using Leercultuur.Scans.Scanning;
using Leercultuur.Scans.Scoring;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.Security;

namespace Leercultuur.Scans.Respondents;

/// <summary>
/// Single-use respondent tokens: issued per role in batches by whoever manages the scan, then used by
/// their anonymous holders to read their role's questionnaire, save answers and submit them once.
/// </summary>
public sealed class RespondentService(
    Database<ScansModule> database,
    ScanService scanService,
    ScanRepository scans,
    RespondentRepository respondents,
    InstrumentStore store,
    TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Outcome<InvitationsResponse>> InviteAsync(Guid scanId, InvitationRequest request, Caller caller, CancellationToken cancellationToken)
    {
        if (await scanService.FindAsync(scanId, caller, cancellationToken) is not { } scan)
        {
            return Outcome<InvitationsResponse>.NotFound($"No scan with id {scanId}.");
        }

        var instrument = await store.GetAsync(scan.InstrumentKey, scan.InstrumentVersion, cancellationToken);
        if (instrument.Roles.FirstOrDefault(r => r.Key == request.Role) is not { } role)
        {
            return Outcome<InvitationsResponse>.Unprocessable(
                $"{instrument.Key} version {instrument.Version} has no role '{request.Role}'; its roles are {string.Join(", ", instrument.Roles.Select(r => r.Key))}.");
        }

        var now = time.GetUtcNow();
        var tokens = Enumerable.Range(0, request.Count!.Value).Select(_ => RespondentToken.New()).ToList();
        var (issued, error) = await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                // The scan row's lock first: two batches at once cannot both pass the maximum.
                if (!await scans.LockOpenAsync(connection, transaction, scanId, now, cancellationToken))
                {
                    return (0, (string?)"closed");
                }

                var before = await respondents.CountIssuedAsync(connection, transaction, scanId, role.Key, cancellationToken);
                if (before + tokens.Count > role.MaxRespondents)
                {
                    return (before, $"The {role.Key} role takes at most {role.MaxRespondents} respondents; {before} tokens are issued, so at most {role.MaxRespondents - before} more.");
                }

                var day = Day(now);
                await respondents.InsertAsync(
                    connection,
                    transaction,
                    tokens.Select(t => new RespondentRow { TokenHash = RespondentToken.Hash(t), ScanId = scanId, Role = role.Key, Status = RespondentRow.Invited, InvitedOn = day }),
                    cancellationToken);
                return (before + tokens.Count, null);
            },
            cancellationToken);

        return error switch
        {
            null => Outcome<InvitationsResponse>.Ok(new InvitationsResponse(scanId, role.Key, tokens, issued, role.MaxRespondents)),
            "closed" => Outcome<InvitationsResponse>.Conflict(await ClosedMessageAsync(scanId, cancellationToken)),
            _ => Outcome<InvitationsResponse>.Unprocessable(error),
        };
    }

    /// <summary>
    /// Revokes a role's tokens that nobody has used yet (a batch whose answer was lost, or handed out to
    /// too many), so that as many can be issued again. Tokens with saved or submitted answers stay.
    /// </summary>
    public async Task<Outcome<InvitationSummaryResponse>> RevokeUnusedAsync(Guid scanId, string role, Caller caller, CancellationToken cancellationToken)
    {
        if (await scanService.FindAsync(scanId, caller, cancellationToken) is not { } scan)
        {
            return Outcome<InvitationSummaryResponse>.NotFound($"No scan with id {scanId}.");
        }

        var instrument = await store.GetAsync(scan.InstrumentKey, scan.InstrumentVersion, cancellationToken);
        if (instrument.Roles.All(r => r.Key != role))
        {
            return Outcome<InvitationSummaryResponse>.Unprocessable(
                $"{instrument.Key} version {instrument.Version} has no role '{role}'; its roles are {string.Join(", ", instrument.Roles.Select(r => r.Key))}.");
        }

        var revoked = await database.InTransactionAsync(
            async (connection, transaction) =>
                await scans.LockOpenAsync(connection, transaction, scanId, time.GetUtcNow(), cancellationToken) &&
                await respondents.RevokeUnusedAsync(connection, transaction, scanId, role, cancellationToken) >= 0,
            cancellationToken);
        return revoked
            ? await SummaryAsync(scanId, caller, cancellationToken)
            : Outcome<InvitationSummaryResponse>.Conflict(await ClosedMessageAsync(scanId, cancellationToken));
    }

    public async Task<Outcome<InvitationSummaryResponse>> SummaryAsync(Guid scanId, Caller caller, CancellationToken cancellationToken)
    {
        if (await scanService.FindAsync(scanId, caller, cancellationToken) is not { } scan)
        {
            return Outcome<InvitationSummaryResponse>.NotFound($"No scan with id {scanId}.");
        }

        var instrument = await store.GetAsync(scan.InstrumentKey, scan.InstrumentVersion, cancellationToken);
        var counts = await respondents.SummaryAsync(scanId, cancellationToken);
        int Count(string role, string status) => counts.Where(c => c.Role == role && c.Status == status).Sum(c => c.Count);
        return Outcome<InvitationSummaryResponse>.Ok(new InvitationSummaryResponse(
            scanId,
            instrument.Roles.Select(r => new RoleProgress(
                r.Key,
                r.MinRespondents,
                r.MaxRespondents,
                counts.Where(c => c.Role == r.Key).Sum(c => c.Count),
                Count(r.Key, RespondentRow.Answering),
                Count(r.Key, RespondentRow.Submitted))).ToList()));
    }

    public async Task<Outcome<QuestionnaireResponse>> QuestionnaireAsync(Guid scanId, string token, string language, CancellationToken cancellationToken)
    {
        var access = await AccessAsync(scanId, token, cancellationToken);
        if (!access.IsOk)
        {
            return access.As<QuestionnaireResponse>();
        }

        var (scan, respondent, instrument, role) = access.Value!;
        return Outcome<QuestionnaireResponse>.Ok(QuestionnaireResponse.From(scan, instrument, role, respondent, Saved(respondent), language));
    }

    public async Task<Outcome<QuestionnaireResponse>> SaveAsync(Guid scanId, string token, AnswersRequest request, string language, CancellationToken cancellationToken)
    {
        var access = await AccessAsync(scanId, token, cancellationToken);
        if (!access.IsOk)
        {
            return access.As<QuestionnaireResponse>();
        }

        var (scan, respondent, instrument, role) = access.Value!;
        var answers = request.ToAnswers();
        if (Problems(instrument, role, answers, complete: false) is { } invalid)
        {
            return invalid.As<QuestionnaireResponse>();
        }

        var now = time.GetUtcNow();
        var json = JsonSerializer.Serialize(answers, Json);
        var saved = await database.InTransactionAsync(
            async (connection, transaction) =>
                await scans.LockOpenAsync(connection, transaction, scanId, now, cancellationToken) &&
                await respondents.SaveAsync(connection, transaction, scanId, respondent.TokenHash, json, Day(now), cancellationToken),
            cancellationToken);
        if (!saved)
        {
            return Outcome<QuestionnaireResponse>.Conflict(await RefusalAsync(scanId, respondent.TokenHash, cancellationToken));
        }

        var after = new RespondentRow { TokenHash = respondent.TokenHash, ScanId = scanId, Role = role.Key, Status = RespondentRow.Answering, Answers = json, InvitedOn = respondent.InvitedOn, SavedOn = Day(now) };
        return Outcome<QuestionnaireResponse>.Ok(QuestionnaireResponse.From(scan, instrument, role, after, answers, language));
    }

    /// <summary>
    /// Submits a token's answers, once. The same answers again get the same answer (a client that lost
    /// the first one can ask again); other answers after submission are a conflict.
    /// </summary>
    public async Task<Outcome<SubmissionResponse>> SubmitAsync(Guid scanId, string token, AnswersRequest request, CancellationToken cancellationToken)
    {
        var answers = request.ToAnswers();
        var scan = await scans.FindAsync(scanId, cancellationToken);
        if (scan is null)
        {
            return Outcome<SubmissionResponse>.NotFound($"No scan with id {scanId}.");
        }

        var respondent = await respondents.FindAsync(RespondentToken.Hash(token), cancellationToken);
        if (respondent is null || respondent.ScanId != scanId)
        {
            return Outcome<SubmissionResponse>.Forbidden("This respondent token does not belong to this scan.");
        }

        if (respondent.Status == RespondentRow.Submitted)
        {
            return Repeat(respondent, answers);
        }

        var instrument = await store.GetAsync(scan.InstrumentKey, scan.InstrumentVersion, cancellationToken);
        var role = instrument.Roles.First(r => r.Key == respondent.Role);
        if (Problems(instrument, role, answers, complete: true) is { } invalid)
        {
            return invalid.As<SubmissionResponse>();
        }

        var now = time.GetUtcNow();
        var json = JsonSerializer.Serialize(answers, Json);
        var submitted = await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                // The scan row's lock first: a completion at the same moment either counts this
                // respondent or closed the scan before it, never half of each.
                if (!await scans.LockOpenAsync(connection, transaction, scanId, now, cancellationToken) ||
                    !await respondents.SubmitAsync(connection, transaction, scanId, respondent.TokenHash, json, Day(now), cancellationToken))
                {
                    return false;
                }

                await scans.CountSubmissionAsync(connection, transaction, scanId, cancellationToken);
                return true;
            },
            cancellationToken);
        if (submitted)
        {
            return Outcome<SubmissionResponse>.Ok(new SubmissionResponse(scanId, role.Key, Day(now)));
        }

        // Closed meanwhile, or the same token submitted at the same moment: the latter may be this very request's twin.
        var current = await respondents.FindAsync(respondent.TokenHash, cancellationToken);
        return current?.Status == RespondentRow.Submitted
            ? Repeat(current, answers)
            : Outcome<SubmissionResponse>.Conflict(await ClosedMessageAsync(scanId, cancellationToken));
    }

    private static Outcome<SubmissionResponse> Repeat(RespondentRow respondent, RespondentAnswers answers) =>
        Saved(respondent).SameAs(answers)
            ? Outcome<SubmissionResponse>.Ok(new SubmissionResponse(respondent.ScanId, respondent.Role, respondent.SubmittedOn!))
            : Outcome<SubmissionResponse>.Conflict("This token's answers were submitted already; a token answers once.");

    private async Task<Outcome<(ScanRow Scan, RespondentRow Respondent, Instrument Instrument, InstrumentRole Role)>> AccessAsync(Guid scanId, string token, CancellationToken cancellationToken)
    {
        var scan = await scans.FindAsync(scanId, cancellationToken);
        if (scan is null)
        {
            return Outcome<(ScanRow, RespondentRow, Instrument, InstrumentRole)>.NotFound($"No scan with id {scanId}.");
        }

        var respondent = await respondents.FindAsync(RespondentToken.Hash(token), cancellationToken);
        if (respondent is null || respondent.ScanId != scanId)
        {
            return Outcome<(ScanRow, RespondentRow, Instrument, InstrumentRole)>.Forbidden("This respondent token does not belong to this scan.");
        }

        if (respondent.Status == RespondentRow.Submitted)
        {
            return Outcome<(ScanRow, RespondentRow, Instrument, InstrumentRole)>.Conflict("This token's answers were submitted already; a token answers once.");
        }

        if (scan.Status != ScanRow.Open || scan.Deadline <= time.GetUtcNow())
        {
            return Outcome<(ScanRow, RespondentRow, Instrument, InstrumentRole)>.Conflict(ClosedMessage(scan));
        }

        var instrument = await store.GetAsync(scan.InstrumentKey, scan.InstrumentVersion, cancellationToken);
        return Outcome<(ScanRow, RespondentRow, Instrument, InstrumentRole)>.Ok((scan, respondent, instrument, instrument.Roles.First(r => r.Key == respondent.Role)));
    }

    private static Outcome<bool>? Problems(Instrument instrument, InstrumentRole role, RespondentAnswers answers, bool complete)
    {
        var problems = Scorer.Check(instrument, role, answers, complete);
        return problems.Count == 0
            ? null
            : Outcome<bool>.Invalid(problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));
    }

    private async Task<string> RefusalAsync(Guid scanId, string tokenHash, CancellationToken cancellationToken) =>
        (await respondents.FindAsync(tokenHash, cancellationToken))?.Status == RespondentRow.Submitted
            ? "This token's answers were submitted already; a token answers once."
            : await ClosedMessageAsync(scanId, cancellationToken);

    private async Task<string> ClosedMessageAsync(Guid scanId, CancellationToken cancellationToken) =>
        await scans.FindAsync(scanId, cancellationToken) is { } scan ? ClosedMessage(scan) : $"No scan with id {scanId}.";

    private static string ClosedMessage(ScanRow scan) =>
        scan.Status == ScanRow.Open
            ? "The scan's deadline has passed; it takes no more answers."
            : $"The scan is {scan.Status} and takes no more answers.";

    private static RespondentAnswers Saved(RespondentRow respondent) =>
        respondent.Answers is null ? new RespondentAnswers() : JsonSerializer.Deserialize<RespondentAnswers>(respondent.Answers, Json)!;

    /// <summary>The UTC day of an instant: the finest time kept about a respondent.</summary>
    public static string Day(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
