package simulate

import (
	"fmt"
	"strings"
)

// The vocabulary of the simulated campaign: invented people and places
// drawn from common Canadian names, real news and platform domains, and
// the hashtags and phrases of a federal campaign, in English and French.

var firstEN = []string{"Emma", "Liam", "Olivia", "Noah", "Ava", "Lucas", "Sophie", "Ethan", "Chloe", "Owen",
	"Hannah", "Jacob", "Grace", "Ryan", "Maya", "Nathan", "Leah", "Dylan", "Zoe", "Aiden", "Priya", "Arjun",
	"Mei", "Wei", "Fatima", "Omar", "Amara", "Kofi", "Sarah", "David", "Jessica", "Michael", "Laura", "Kevin",
	"Megan", "Tyler", "Rachel", "Brandon", "Nicole", "Jordan", "Taylor", "Morgan", "Harjit", "Simran", "Tanvir"}

var firstFR = []string{"Gabriel", "Léa", "Félix", "Florence", "Samuel", "Alice", "Thomas", "Rosalie", "Raphaël",
	"Juliette", "William", "Béatrice", "Antoine", "Camille", "Olivier", "Charlotte", "Mathis", "Éloïse", "Xavier",
	"Maëlle", "Étienne", "Noémie", "Jérémie", "Océane", "Frédéric", "Geneviève", "Benoît", "Anaïs", "Mathieu",
	"Élodie", "Karim", "Yasmine", "Mamadou", "Aïcha"}

var lastEN = []string{"Smith", "Brown", "Tremblay", "Martin", "Roy", "Wilson", "MacDonald", "Taylor", "Campbell",
	"Anderson", "Jones", "Leblanc", "Thompson", "White", "Lee", "Wong", "Singh", "Patel", "Chen", "Nguyen",
	"Kim", "Clarke", "Fraser", "Murphy", "Kelly", "O'Brien", "Stewart", "Robinson", "Grant", "Bouchard",
	"Gill", "Sharma", "Ali", "Khan", "Okafor", "Mensah", "Cardinal", "Bear", "Whitehead"}

var lastFR = []string{"Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin",
	"Gagné", "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette", "Girard",
	"Simard", "Boucher", "Caron", "Beaulieu", "Cloutier", "Dubé", "Poirier", "Fournier", "Lapointe",
	"Nadeau", "Diallo", "Haddad", "Mercier"}

var placesEN = []string{"Toronto, ON", "Vancouver, BC", "Calgary, AB", "Edmonton, AB", "Ottawa, ON", "Winnipeg, MB",
	"Halifax, NS", "Victoria, BC", "Saskatoon, SK", "Regina, SK", "Hamilton, ON", "London, ON", "Kitchener, ON",
	"St. John's, NL", "Fredericton, NB", "Charlottetown, PE", "Whitehorse, YT", "Yellowknife, NT", "Iqaluit, NU",
	"Kelowna, BC", "Canada", ""}

var placesFR = []string{"Montréal, QC", "Québec, QC", "Gatineau, QC", "Sherbrooke, QC", "Trois-Rivières, QC",
	"Saguenay, QC", "Laval, QC", "Moncton, NB", "Rimouski, QC", "Québec", ""}

var aboutEN = []string{"Dad, runner, coffee snob.", "Nurse. Opinions my own.", "Teacher | hockey mom | gardener",
	"Retired. Watching politics so you don't have to.", "Software developer. He/him.", "Farmer in the Prairies.",
	"Small business owner.", "Union member. Proud Canadian.", "Student at UBC.", "Climate, transit, housing.",
	"News junkie.", "Veteran.", "Just here for the hockey.", "Mom of three 🇨🇦", "", ""}

var aboutFR = []string{"Papa, cycliste, amateur de café.", "Infirmière. Opinions personnelles.",
	"Enseignante | maman | jardinière", "Retraité. Je suis la politique de près.", "Développeur. Il/lui.",
	"Étudiante à l'UdeM.", "Fier Québécois.", "Climat, transport, logement.", "Passionné d'actualité.", "", ""}

// newsOutlets are real outlets' names and domains; their simulated
// accounts and articles are invented.
var newsOutlets = []struct{ name, handle, domain, lang string }{
	{"CBC News", "CBCNews", "cbc.ca", "en"},
	{"Radio-Canada Info", "RadioCanadaInfo", "ici.radio-canada.ca", "fr"},
	{"The Globe and Mail", "globeandmail", "theglobeandmail.com", "en"},
	{"CTV News", "CTVNews", "ctvnews.ca", "en"},
	{"Global News", "globalnews", "globalnews.ca", "en"},
	{"La Presse", "LaPresse", "lapresse.ca", "fr"},
	{"Le Devoir", "LeDevoir", "ledevoir.com", "fr"},
	{"National Post", "nationalpost", "nationalpost.com", "en"},
	{"Toronto Star", "TorontoStar", "thestar.com", "en"},
	{"CityNews", "CityNews", "citynews.ca", "en"},
	{"Le Journal de Montréal", "JdeM", "journaldemontreal.com", "fr"},
	{"The Canadian Press", "CdnPress", "thecanadianpress.com", "en"},
}

// otherDomains are what people link to besides the news.
var otherDomains = []string{"youtube.com", "youtu.be", "facebook.com", "instagram.com", "reddit.com",
	"substack.com", "medium.com", "wikipedia.org", "elections.ca", "canada.ca", "statcan.gc.ca",
	"macleans.ca", "thetyee.ca", "rabble.ca", "westernstandard.news", "thehub.ca", "ipolitics.ca",
	"cpac.ca", "338canada.com", "abacusdata.ca", "angusreid.org", "nanos.co"}

var hashtagsEN = []string{"cdnpoli", "elxn45", "CanadaVotes", "onpoli", "bcpoli", "abpoli", "housing",
	"climate", "affordability", "healthcare", "CanadaStrong", "VoteCanada", "canpoli", "pharmacare",
	"carbontax", "jobs", "transit", "childcare"}

var hashtagsFR = []string{"polcan", "elxn45", "Élections2025", "polqc", "assnat", "logement", "climat",
	"santé", "coûtdelavie", "Québec", "votez", "débat", "fédérales2025"}

var topicsEN = []string{"housing prices", "the carbon tax", "health care wait times", "the deficit",
	"child care", "pharmacare", "public transit", "the tariff fight", "grocery prices", "immigration levels",
	"the pipeline", "defence spending", "dental care", "interest rates", "wildfires", "the housing crisis"}

var topicsFR = []string{"le prix des logements", "la taxe carbone", "l'attente aux urgences", "le déficit",
	"les garderies", "l'assurance médicaments", "le transport collectif", "les tarifs douaniers",
	"le prix de l'épicerie", "l'immigration", "le pipeline", "la langue française", "les soins dentaires",
	"les taux d'intérêt", "les feux de forêt"}

var opinionsEN = []string{"Can't believe what %s just said about %s.", "Finally someone talking about %[2]s. Good on %[1]s.",
	"%s has no plan for %s. None.", "Watching %s on %s tonight. Thoughts?", "Honestly %[2]s matters more than anything %[1]s says.",
	"Read this before you vote: %[1]s on %[2]s", "%s is right about %s, for once.", "Nobody asked %s about %s?",
	"My riding deserves better on %[2]s. %[1]s, are you listening?", "Great turnout for %s today. %s was the big topic."}

var opinionsFR = []string{"Je n'en reviens pas de ce que %s a dit sur %s.", "Enfin quelqu'un qui parle de %[2]s. Bravo %[1]s.",
	"%s n'a aucun plan pour %s.", "On regarde %s ce soir sur %s. Vos avis?", "Franchement, %[2]s compte plus que tout ce que dit %[1]s.",
	"À lire avant de voter : %[1]s et %[2]s", "%s a raison sur %s, pour une fois.", "Personne n'a questionné %s sur %s?",
	"Mon comté mérite mieux sur %[2]s. %[1]s, vous écoutez?", "Belle foule pour %s aujourd'hui. %s était le sujet."}

var everydayEN = []string{"Long day. Time for tea.", "Anyone else up this early?", "Leafs lost again, of course.",
	"First snow of the year already?", "The line at the grocery store was wild today.", "Just voted at the advance poll!",
	"Reminder: check your voter information card.", "Traffic on the 401 is unreal.", "Great podcast episode on the campaign."}

var everydayFR = []string{"Longue journée. Un thé s'impose.", "D'autres debout si tôt?", "Le Canadien a encore perdu.",
	"Déjà la première neige?", "La file à l'épicerie était folle.", "Je viens de voter par anticipation!",
	"Rappel : vérifiez votre carte d'information de l'électeur.", "Le trafic sur la 40 est irréel."}

// tails vary everyday posts, so that two people rarely write the very same
// words.
var tailsEN = []string{"", "", " 😅", " Ugh.", " Anyway.", " lol", " Send help.", " #mondays", " 🙄", " Good night all.", " Coffee first."}

var tailsFR = []string{"", "", " 😅", " Bon.", " Enfin.", " lol", " Bonne nuit.", " ☕", " 🙄"}

// handleFor makes a handle from a name the way people do: joined, with
// initials, underscores or a year.
func handleFor(r rng, first, last string) string {
	f, l := asciiFold(first), asciiFold(last)
	switch r.IntN(6) {
	case 0:
		return f + l
	case 1:
		return strings.ToLower(f + "_" + l)
	case 2:
		return f[:1] + l + fmt.Sprint(r.IntN(99)+1)
	case 3:
		return strings.ToLower(f) + fmt.Sprint(1950+r.IntN(56))
	case 4:
		return f + l[:1] + "_" + fmt.Sprint(r.IntN(999))
	}
	return "the" + f + l
}

// asciiFold drops accents and anything a handle cannot hold.
func asciiFold(s string) string { return foldForHandle.Replace(s) }

var foldForHandle = strings.NewReplacer("é", "e", "è", "e", "ê", "e", "ë", "e", "É", "E", "à", "a", "â", "a", "ä", "a",
	"ï", "i", "î", "i", "ô", "o", "ö", "o", "û", "u", "ü", "u", "ç", "c", "Ç", "C", "'", "", " ", "", "-", "")

// slug makes a URL path segment of a title: "Marie Tremblay's deal" gives
// "marie-tremblays-deal".
func slug(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range strings.ToLower(asciiFold(strings.ReplaceAll(s, " ", "_"))) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b = append(b, byte(r))
		case r == '_' && len(b) > 0 && b[len(b)-1] != '-':
			b = append(b, '-')
		}
	}
	return strings.TrimSuffix(string(b), "-")
}

// limitHandle cuts a handle to what X allows.
func limitHandle(h string) string {
	if len(h) > 15 {
		return h[:15]
	}
	return h
}
