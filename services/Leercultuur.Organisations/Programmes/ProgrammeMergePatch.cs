using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Leercultuur.ServiceDefaults.OpenApi;
using Leercultuur.ServiceDefaults.Validation;

namespace Leercultuur.Organisations.Programmes;

/// <summary>
/// The shape of a programme's merge patch, for the OpenAPI document only (the handler reads the raw document
/// in <see cref="ProgrammeRules.Patch"/>). Description and webhook may be null (removed); name and sections not.
/// </summary>
public sealed record ProgrammeMergePatch
{
    [StringLength(CreateProgrammeRequest.MaxNameLength, MinimumLength = 1), RegularExpression(TextRules.LinePattern), Description("The programme's name, 1 to 200 characters, one line, not only spaces.")]
    public string Name { get; init; } = "";

    [StringLength(CreateProgrammeRequest.MaxDescriptionLength), RegularExpression(TextRules.MultiLinePattern), Description("What the programme does; null removes it.")]
    public string? Description { get; init; }

    [MinLength(1), MaxLength(CreateProgrammeRequest.MaxSections), UniqueItems, AllowedList(typeof(ProgrammeRules), nameof(ProgrammeRules.SectionLetters)), Description("The SBI sections the programme serves.")]
    public IReadOnlyList<string> SbiSections { get; init; } = [];

    [StringLength(CreateProgrammeRequest.MaxWebhookLength), RegularExpression(ProgrammeRules.WebhookPattern), Description("An https address; null removes it.")]
    public string? WebhookUrl { get; init; }
}
