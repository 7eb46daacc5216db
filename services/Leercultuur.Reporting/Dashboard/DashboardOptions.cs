using System.ComponentModel.DataAnnotations;

namespace Leercultuur.Reporting.Dashboard;

/// <summary>The <c>Reporting:Dashboard</c> section: the monitor dashboard at <c>/dashboard</c>. Validated at start-up.</summary>
public sealed class DashboardOptions : IValidatableObject
{
    public const string Section = "Reporting:Dashboard";

    /// <summary>Whether this host serves the dashboard (on by default; it reads only the public API).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The scan service's API (absolute, for example https://scans.example.nl/scans/v1) for the names of
    /// instruments, dimensions and roles, where it runs on another host. The standalone host needs none.
    /// That host must allow this dashboard's origin (Http:Cors).
    /// </summary>
    public string? ScansApi { get; set; }

    /// <summary>The organisation service's API (absolute), for a signed-in programme's name; optional.</summary>
    public string? OrganisationsApi { get; set; }

    /// <summary>
    /// The dashboard's client id at the identity provider (Auth:Authority): a public client with the
    /// authorisation code flow and PKCE, redirect URI this host's /dashboard/. Without it, and with an
    /// authority, the dashboard shows the open national figures only.
    /// </summary>
    [RegularExpression("^[A-Za-z0-9._:-]{1,200}$", ErrorMessage = "must be 1 to 200 letters, digits or . _ : -.")]
    public string? ClientId { get; set; }

    /// <summary>The scopes the dashboard asks the identity provider for.</summary>
    [RegularExpression("^[A-Za-z0-9._:/ -]{1,500}$", ErrorMessage = "must be scope names separated by spaces.")]
    public string Scope { get; set; } = "openid";

    /// <summary>
    /// Further origins the page may connect to (its content security policy), for an identity provider
    /// whose token endpoint is on another host than its authority, for example https://oauth2.example.com.
    /// </summary>
    [MaxLength(10, ErrorMessage = "must name at most 10 origins.")]
    public string[] ConnectOrigins { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var origin in ConnectOrigins)
        {
            if (!(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.AbsolutePath == "/"))
            {
                yield return new ValidationResult("must be origins such as https://login.example.nl (scheme and host, no path).", [nameof(ConnectOrigins)]);
                break;
            }
        }

        foreach (var (name, value) in new[] { (nameof(ScansApi), ScansApi), (nameof(OrganisationsApi), OrganisationsApi) })
        {
            if (value is not null && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                yield return new ValidationResult("must be an absolute http or https URL.", [name]);
            }
        }
    }
}
