using System.Text.Json.Serialization;

namespace LvsOperator.Core.Resources;

[JsonConverter(typeof(JsonStringEnumConverter<HealthCheckInitialState>))]
public enum HealthCheckInitialState
{
    [JsonStringEnumMemberName("Up")] Up,
    [JsonStringEnumMemberName("Down")] Down,
}
