using System.ComponentModel.DataAnnotations;

namespace Leercultuur.ServiceDefaults.Security;

/// <summary>
/// The <c>Auth</c> section: who signs the bearer tokens every service accepts. Either an external
/// OAuth 2.0 / OpenID Connect authority (Keycloak, Entra ID: client credentials for integrations), or,
/// for development and the standalone host, a local signing key. Never both.
/// </summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string Section = "Auth";

    /// <summary>The identity provider's base address; its OpenID configuration gives issuer and keys.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "is required.")]
    public string Audience { get; set; } = "leercultuur";

    /// <summary>The issuer tokens must name; by default the authority's own (from its discovery document).</summary>
    public string? Issuer { get; set; }

    /// <summary>The claim that holds the caller's roles (Entra ID app roles and most providers use <c>roles</c>).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "is required.")]
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim that holds a branch programme client's programme id.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "is required.")]
    public string ProgrammeClaim { get; set; } = "programme";

    /// <summary>Require HTTPS for the authority's metadata; off only for a local identity provider.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public DevelopmentAuthOptions Development { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var external = !string.IsNullOrWhiteSpace(Authority);
        if (external && Development.Enabled)
        {
            yield return new ValidationResult(
                "must not be combined with an external authority: with Auth:Authority set, tokens come from that authority only (set Auth:Development:Enabled=false).",
                [$"{nameof(Development)}:{nameof(DevelopmentAuthOptions.Enabled)}"]);
        }
        else if (!external && !Development.Enabled)
        {
            yield return new ValidationResult(
                "is required: the identity provider that signs bearer tokens (or Auth:Development:Enabled=true for a local development key).",
                [nameof(Authority)]);
        }

        if (external && !Uri.TryCreate(Authority, UriKind.Absolute, out _))
        {
            yield return new ValidationResult("must be an absolute URL.", [nameof(Authority)]);
        }
    }
}

public sealed class DevelopmentAuthOptions
{
    /// <summary>Sign and accept tokens with a local key (the standalone host; a service on a developer's machine).</summary>
    public bool Enabled { get; set; }

    /// <summary>Where the local signing key is kept; created on first use. Services that share it accept each other's tokens.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "is required.")]
    public string KeyFile { get; set; } = Path.Combine("data", "development-signing-key.pem");

    /// <summary>The issuer development tokens name.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "is required.")]
    public string Issuer { get; set; } = "leercultuur-development";
}
