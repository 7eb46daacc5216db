namespace Leercultuur.ServiceDefaults.OpenApi;

/// <summary>The list's items differ from each other; the server refuses repeats, so the document says <c>uniqueItems</c>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class UniqueItemsAttribute : Attribute;
