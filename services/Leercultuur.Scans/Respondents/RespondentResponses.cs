using Leercultuur.Scans.Instruments;
using Leercultuur.Scans.Scanning;
using Leercultuur.Scans.Scoring;
using Leercultuur.ServiceDefaults.OpenApi;

namespace Leercultuur.Scans.Respondents;

/// <summary>A new batch of tokens, shown this once: only their hashes are kept.</summary>
public sealed record InvitationsResponse(Guid ScanId, string Role, IReadOnlyList<string> Tokens, int Issued, int MaxRespondents);

/// <summary>Per role how many tokens were issued and how far their holders are; never who they are.</summary>
public sealed record InvitationSummaryResponse(Guid ScanId, IReadOnlyList<RoleProgress> Roles);

public sealed record RoleProgress(string Role, int MinRespondents, int MaxRespondents, int Issued, int Answering, int Submitted);

/// <summary>The questionnaire a token's holder answers: their role's items, in Dutch or English, with what they saved.</summary>
public sealed record QuestionnaireResponse(
    Guid ScanId,
    InstrumentReference Instrument,
    string Language,
    string Title,
    string Description,
    QuestionnaireRole Role,
    [property: AllowedList(typeof(QuestionnaireResponse), nameof(QuestionnaireResponse.RatingModes))] string RatingMode,
    ScaleResponse Scale,
    IReadOnlyList<QuestionnaireItem> Items,
    [property: AllowedList(typeof(QuestionnaireResponse), nameof(QuestionnaireResponse.Statuses))] string Status,
    IReadOnlyDictionary<string, int> Answers,
    IReadOnlyDictionary<string, RatingInput> Ratings,
    DateTimeOffset? Deadline)
{
    public static IReadOnlyList<string> RatingModes { get; } = [Instruments.Instrument.Single, Instruments.Instrument.CurrentDesired];

    public static IReadOnlyList<string> Statuses { get; } = [RespondentRow.Invited, RespondentRow.Answering];

    public static QuestionnaireResponse From(ScanRow scan, Instrument instrument, InstrumentRole role, RespondentRow respondent, RespondentAnswers saved, string language)
    {
        var items = instrument.Items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        return new(
            scan.Id,
            new InstrumentReference(instrument.Key, instrument.Version),
            language,
            instrument.Title.In(language),
            instrument.Description.In(language),
            new QuestionnaireRole(role.Key, role.Label.In(language)),
            instrument.RatingMode,
            new ScaleResponse(instrument.Scale.Min, instrument.Scale.Max, instrument.Scale.Labels.Select(l => new ScaleLabelResponse(l.Value, l.Label.In(language))).ToList()),
            role.Items.Select(id => new QuestionnaireItem(id, items[id].Text.In(language))).ToList(),
            respondent.Status,
            saved.Answers ?? [],
            (saved.Ratings ?? []).ToDictionary(r => r.Key, r => new RatingInput { Now = r.Value.Now, Wanted = r.Value.Wanted }),
            scan.Deadline);
    }
}

public sealed record QuestionnaireRole(string Key, string Label);

public sealed record QuestionnaireItem(string Id, string Text);

/// <summary>A submitted questionnaire: the day it was submitted, nothing finer.</summary>
public sealed record SubmissionResponse(Guid ScanId, string Role, string SubmittedOn);
