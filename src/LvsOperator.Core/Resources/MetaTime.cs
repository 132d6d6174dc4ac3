using System.Globalization;

namespace LvsOperator.Core.Resources;

/// <summary>
/// metav1.Time as the API server spells it: RFC 3339 in UTC with whole seconds (<c>2026-12-06T09:00:00Z</c>,
/// apimachinery's <c>Time.MarshalJSON</c>). Every condition's lastTransitionTime is cut and written here, so a
/// time kept in memory equals the one read back, and no writer sends .NET's round-trip format.
/// </summary>
public static class MetaTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>The instant the API server would store: UTC, sub-second part dropped.</summary>
    public static DateTimeOffset Of(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    public static string ToWire(DateTimeOffset time) => Of(time).UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Any RFC 3339 time (older writers sent fractions and offsets); no offset means UTC.</summary>
    /// <exception cref="FormatException">Not a time.</exception>
    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
