package object

import "testing"

var benchURLs = []string{
	"https://www.example.com/news/2024/11/05/election-results",
	"HTTPS://WWW.Example.COM:443/news/./story?utm_source=twitter&utm_medium=social&id=42&fbclid=IwAR0abc#comments",
	"https://twitter.com/someone/status/1234567890123456789?s=20&t=q9s8d7f6g5h4",
	"https://президент.рф/news/выборы?b=2&a=1",
	"example.com/a%7eb/c%2fd?q=a+b&q=c",
}

func BenchmarkCanonicalURL(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := CanonicalURL(benchURLs[i%len(benchURLs)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCanonicalURLSimple(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CanonicalURL(benchURLs[0]); err != nil {
			b.Fatal(err)
		}
	}
}

var benchTexts = []string{
	"RT @patriot1776: The election was STOLEN! Share before they delete it https://t.co/AbCdEf123 #StopTheSteal @cnn",
	"Vote early, vote often. Polls are open until 8pm tonight.",
	"Голосуйте ЗА кандидата! 🗳️ #Выборы2024 https://t.co/xyz",
	"𝐓𝐡𝐞 𝐞𝐥𝐞𝐜𝐭𝐢𝐨𝐧\u200b 𝐰𝐚𝐬 𝐫𝐢𝐠𝐠𝐞𝐝 ＃ＦＲＡＵＤ",
}

func BenchmarkText(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Text(benchTexts[i%len(benchTexts)])
	}
}

func BenchmarkTextASCII(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Text(benchTexts[1])
	}
}

func BenchmarkDomain(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Domain(benchURLs[i%len(benchURLs)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHashtag(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Hashtag("#StopTheSteal")
	}
}
