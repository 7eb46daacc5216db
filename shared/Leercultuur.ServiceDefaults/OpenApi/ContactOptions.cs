namespace Leercultuur.ServiceDefaults.OpenApi;

/// <summary>The <c>OpenApi:Contact</c> section: who answers questions about the APIs (NL API Design Rules, doc-openapi-contact).</summary>
public sealed class ContactOptions
{
    public const string Section = "OpenApi:Contact";

    public string Name { get; set; } = "Leercultuur Services";

    public string Email { get; set; } = "api@leercultuur.nl";

    public string Url { get; set; } = "https://leercultuur.nl/api";
}
