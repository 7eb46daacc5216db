using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.OpenApi;
using Leercultuur.ServiceDefaults.Validation;

namespace Leercultuur.Organisations.Programmes;

/// <summary>A branch programme to register.</summary>
public sealed record CreateProgrammeRequest : IValidatable
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxWebhookLength = 500;
    public const int MaxSections = 22;

    [Required, StringLength(MaxNameLength, MinimumLength = 1), RegularExpression(TextRules.LinePattern), Description("The programme's name, 1 to 200 characters, one line, not only spaces.")]
    public string? Name { get; init; }

    [StringLength(MaxDescriptionLength), RegularExpression(TextRules.MultiLinePattern), Description("What the programme does, at most 2000 characters.")]
    public string? Description { get; init; }

    [Required, MinLength(1), MaxLength(MaxSections), UniqueItems, AllowedList(typeof(ProgrammeRules), nameof(ProgrammeRules.SectionLetters)), Description("The SBI sections (letters A to V) the programme serves, each once.")]
    public IReadOnlyList<string>? SbiSections { get; init; }

    [StringLength(MaxWebhookLength), RegularExpression(ProgrammeRules.WebhookPattern), Description("An https address to hear of events at later (not called yet).")]
    public string? WebhookUrl { get; init; }

    public void Validate(ValidationErrors errors) => ProgrammeRules.Check(Name, Description, SbiSections, WebhookUrl, errors);
}

/// <summary>The rules a programme's fields follow, for a new one and for a change alike.</summary>
public static partial class ProgrammeRules
{
    /// <summary>
    /// An https address of plain characters: host, optional port and path. Narrower than every URI on purpose,
    /// so the document's pattern and the server's check accept the same strings.
    /// </summary>
    public const string WebhookPattern = "^https://[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:[.][A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::[1-9][0-9]{0,3})?(?:/[A-Za-z0-9._~%/-]*)?$";

    /// <summary>Every SBI section letter of any version (2025 adds V), for the document's enum and the check.</summary>
    public static IReadOnlyList<string> SectionLetters { get; } = Classification.SbiSectionTable.AllSectionLetters;

    public static void Check(string? name, string? description, IReadOnlyList<string>? sections, string? webhook, ValidationErrors errors)
    {
        errors.Require(TextRules.HasText(name, CreateProgrammeRequest.MaxNameLength), "name", $"A name of 1 to {CreateProgrammeRequest.MaxNameLength} characters, one line, not only spaces, is required.");
        errors.Require(TextRules.FitsIn(description, CreateProgrammeRequest.MaxDescriptionLength), "description", $"A description has at most {CreateProgrammeRequest.MaxDescriptionLength} characters and no control characters other than tabs and line breaks.");
        errors.Require(
            sections is { Count: >= 1 and <= CreateProgrammeRequest.MaxSections } && sections.All(s => s is not null && SectionLetters.Contains(s)) && sections.Distinct().Count() == sections.Count,
            "sbiSections",
            $"The SBI sections are 1 to {CreateProgrammeRequest.MaxSections} different section letters, {SectionLetters[0]} to {SectionLetters[^1]} (GET /organisations/v1/code-lists/sbi-sections).");
        errors.Require(
            webhook is null || (TextRules.Length(webhook) <= CreateProgrammeRequest.MaxWebhookLength && WebhookRegex().IsMatch(webhook) && !webhook.EndsWith('\n') && Uri.TryCreate(webhook, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps),
            "webhookUrl",
            $"A webhook is an https address of at most {CreateProgrammeRequest.MaxWebhookLength} characters.");
    }

    /// <summary>A merge patch of a programme: present members replace, absent ones stay; name and sections cannot be removed.</summary>
    public static Outcome<ProgrammeRow> Patch(ProgrammeRow current, JsonNode? document)
    {
        var errors = new ValidationErrors();
        if (document is not JsonObject members)
        {
            errors.Add("body", "A merge patch is a JSON object with the members to change.");
            return Outcome<ProgrammeRow>.Invalid(errors.ToDictionary());
        }

        string[] known = ["name", "description", "sbiSections", "webhookUrl"];
        foreach (var key in members.Select(m => m.Key).Where(k => !known.Contains(k)))
        {
            errors.Add(key, $"'{key}' cannot be changed; a patch may hold {string.Join(", ", known)}.");
        }

        var name = current.Name;
        var description = current.Description;
        var sections = current.Sections();
        var webhook = current.WebhookUrl;
        try
        {
            if (members.TryGetPropertyValue("name", out var n))
            {
                name = n?.GetValue<string>();
            }

            if (members.TryGetPropertyValue("description", out var d))
            {
                description = d?.GetValue<string>();
            }

            if (members.TryGetPropertyValue("sbiSections", out var s))
            {
                sections = s?.AsArray().Select(x => x!.GetValue<string>()).ToList()!;
            }

            if (members.TryGetPropertyValue("webhookUrl", out var w))
            {
                webhook = w?.GetValue<string>();
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or NullReferenceException)
        {
            errors.Add("body", "name, description and webhookUrl are strings, sbiSections an array of strings.");
            return Outcome<ProgrammeRow>.Invalid(errors.ToDictionary());
        }

        Check(name, description, sections, webhook, errors);
        return errors.IsEmpty
            ? Outcome<ProgrammeRow>.Ok(current with { Name = TextRules.Tidy(name!), Description = description, SbiSections = string.Join(',', sections!), WebhookUrl = webhook })
            : Outcome<ProgrammeRow>.Invalid(errors.ToDictionary());
    }

    // The document's pattern as is; its final $ would also match before a trailing line feed, which the
    // check above refuses separately (a pattern ending in \z means nothing to ECMA-262 validators).
    [System.Text.RegularExpressions.GeneratedRegex(WebhookPattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex WebhookRegex();
}

public sealed record ProgrammeResponse(
    Guid Id,
    string Name,
    string? Description,
    IReadOnlyList<string> SbiSections,
    string? WebhookUrl,
    DateTimeOffset CreatedAt)
{
    public static ProgrammeResponse From(ProgrammeRow row) => new(row.Id, row.Name, row.Description, row.Sections(), row.WebhookUrl, row.CreatedAt);
}

public sealed record MemberResponse(Guid OrganisationId, DateTimeOffset JoinedAt);
