using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Leercultuur.ServiceDefaults.Http;
using Leercultuur.ServiceDefaults.Validation;

namespace Leercultuur.Organisations.Programmes;

/// <summary>A branch programme to register.</summary>
public sealed record CreateProgrammeRequest : IValidatable
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxWebhookLength = 500;

    [Required, MaxLength(MaxNameLength), Description("The programme's name, unique, at most 200 characters.")]
    public string? Name { get; init; }

    [MaxLength(MaxDescriptionLength), Description("What the programme does, at most 2000 characters.")]
    public string? Description { get; init; }

    [Required, MaxLength(22), Description("The SBI sections (letters A to V) the programme serves.")]
    public IReadOnlyList<string>? SbiSections { get; init; }

    [MaxLength(MaxWebhookLength), Description("An https address to hear of events at later (not called yet).")]
    public string? WebhookUrl { get; init; }

    public void Validate(ValidationErrors errors) => ProgrammeRules.Check(Name, Description, SbiSections, WebhookUrl, errors);
}

/// <summary>The rules a programme's fields follow, for a new one and for a change alike.</summary>
public static class ProgrammeRules
{
    public static void Check(string? name, string? description, IReadOnlyList<string>? sections, string? webhook, ValidationErrors errors)
    {
        errors.Require(!string.IsNullOrWhiteSpace(name) && name.Trim().Length <= CreateProgrammeRequest.MaxNameLength, "name", $"A name of 1 to {CreateProgrammeRequest.MaxNameLength} characters is required.");
        errors.Require(description is null || description.Length <= CreateProgrammeRequest.MaxDescriptionLength, "description", $"A description has at most {CreateProgrammeRequest.MaxDescriptionLength} characters.");
        errors.Require(
            sections is { Count: >= 1 and <= 22 } && sections.All(s => s is { Length: 1 } && s[0] is >= 'A' and <= 'V') && sections.Distinct().Count() == sections.Count,
            "sbiSections",
            "The SBI sections are 1 to 22 different section letters, A to V (GET /organisations/v1/code-lists/sbi-sections).");
        errors.Require(
            webhook is null || (webhook.Length <= CreateProgrammeRequest.MaxWebhookLength && Uri.TryCreate(webhook, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps),
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
            ? Outcome<ProgrammeRow>.Ok(current with { Name = name!.Trim(), Description = description, SbiSections = string.Join(',', sections!), WebhookUrl = webhook })
            : Outcome<ProgrammeRow>.Invalid(errors.ToDictionary());
    }
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
