namespace Leercultuur.ServiceDefaults.OpenApi;

/// <summary>An object (a map) holds at most this many members; the server refuses more, so the document says <c>maxProperties</c>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class MaxPropertiesAttribute(int maximum) : Attribute
{
    public int Maximum { get; } = maximum;
}
