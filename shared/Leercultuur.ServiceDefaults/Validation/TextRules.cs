using System.Text.RegularExpressions;

namespace Leercultuur.ServiceDefaults.Validation;

/// <summary>
/// Free-text rules that mean the same in the OpenAPI document and on the server. JSON Schema counts a
/// string's length in code points and its <c>\s</c> differs per regex engine, so lengths here count
/// runes (not UTF-16 units) and the patterns name their characters. Control characters are refused
/// everywhere: nobody types them, PostgreSQL refuses NUL, and they garble logs and exports.
/// </summary>
public static partial class TextRules
{
    /// <summary>
    /// One line of text that is not only spaces: optional leading spaces, then a character that is neither
    /// a space nor a control character, then anything but control characters. Linear to match in every
    /// regex engine (no nested or overlapping repetition).
    /// </summary>
    public const string LinePattern = "^ *[^ \\u0000-\\u001F\\u007F][^\\u0000-\\u001F\\u007F]*$";

    /// <summary>Text of several lines: tabs and line breaks allowed, other control characters not.</summary>
    public const string MultiLinePattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$";

    /// <summary>Without leading and trailing spaces, so a line that has text keeps some.</summary>
    public static string Tidy(string text) => text.Trim(' ');

    /// <summary>The length JSON Schema's maxLength and minLength count: code points.</summary>
    public static int Length(string text) => text.EnumerateRunes().Count();

    /// <summary>One line as <see cref="LinePattern"/> says, of at most <paramref name="maxLength"/> code points.</summary>
    public static bool HasText(string? text, int maxLength) => text is not null && IsWellFormed(text) && Length(text) <= maxLength && Line().IsMatch(text);

    /// <summary>Absent, or text as <see cref="MultiLinePattern"/> says of at most <paramref name="maxLength"/> code points.</summary>
    public static bool FitsIn(string? text, int maxLength) => text is null || (IsWellFormed(text) && Length(text) <= maxLength && MultiLine().IsMatch(text));

    /// <summary>No lone surrogate (JSON's \ud800 escapes allow one): such text cannot be stored as UTF-8 as sent.</summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    // \z, not $: $ also matches before a final line feed.
    [GeneratedRegex("^ *[^ \\u0000-\\u001F\\u007F][^\\u0000-\\u001F\\u007F]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Line();

    [GeneratedRegex("^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex MultiLine();
}
