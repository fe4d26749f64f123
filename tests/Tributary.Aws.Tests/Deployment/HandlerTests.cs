using System.Reflection;
using System.Text.RegularExpressions;

namespace Tributary.Aws.Tests.Deployment;

/// <summary>Every handler the template names exists in the assembly the package ships, in the shape the runtime calls.</summary>
public sealed partial class HandlerTests
{
    [GeneratedRegex(@"Handler: (?<assembly>[\w.]+)::(?<type>[\w.]+)::(?<method>\w+)")]
    private static partial Regex HandlerPattern();

    [Fact]
    public void TemplateHandlers_ArePublicTypesWithAParameterlessConstructorAndAStreamEntryPoint()
    {
        var template = File.ReadAllText(TemplateTests.TemplatePath());
        var handlers = HandlerPattern().Matches(template).Select(m => (Assembly: m.Groups["assembly"].Value, Type: m.Groups["type"].Value, Method: m.Groups["method"].Value)).ToList();

        Assert.Equal(
            ["Tributary.Aws.Lambda.ExtractFunction", "Tributary.Aws.Lambda.LoadFunction", "Tributary.Aws.Lambda.ProcessFunction", "Tributary.Aws.Lambda.TransformFunction"],
            handlers.Select(h => h.Type).Order(StringComparer.Ordinal));
        var assembly = typeof(AwsClientFactory).Assembly;
        foreach (var (assemblyName, typeName, methodName) in handlers)
        {
            Assert.Equal(assembly.GetName().Name, assemblyName);
            var type = assembly.GetType(typeName);
            Assert.True(type is { IsPublic: true }, $"{typeName} is not a public type of {assemblyName}");
            Assert.NotNull(type.GetConstructor(Type.EmptyTypes));
            var method = type.GetMethod(methodName, BindingFlags.Public | BindingFlags.Instance, [typeof(Stream)]);
            Assert.True(method is not null && method.ReturnType == typeof(Task<Stream>), $"{typeName}.{methodName}(Stream) returning Task<Stream> is missing");
        }
    }
}
