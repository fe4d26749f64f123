namespace Tributary.Generation.Internal;

/// <summary>The word lists behind Mockaroo's built-in types, written for Tributary.</summary>
internal static class WordLists
{
    public static readonly string[] FirstNames =
    [
        "Aaron", "Abigail", "Adam", "Adrian", "Aisha", "Alan", "Albert", "Alice", "Amara", "Amelia", "Ana", "Andre",
        "Andrew", "Angela", "Anna", "Anthony", "Arjun", "Ava", "Barbara", "Beatriz", "Benjamin", "Bernard", "Bianca",
        "Brian", "Bruno", "Camila", "Carlos", "Carmen", "Caroline", "Catherine", "Charles", "Chen", "Chloe", "Chris",
        "Claire", "Daniel", "David", "Diana", "Diego", "Dmitri", "Dorothy", "Edward", "Elena", "Elif", "Elijah",
        "Elizabeth", "Emily", "Emma", "Eric", "Ethan", "Eva", "Fatima", "Felix", "Fiona", "Francis", "Gabriel",
        "George", "Grace", "Hana", "Hannah", "Harper", "Harry", "Helen", "Henry", "Hugo", "Ian", "Ingrid", "Isabel",
        "Isaac", "Ivan", "Jack", "Jacob", "James", "Jane", "Jasmine", "Javier", "Jennifer", "Jessica", "John",
        "Jorge", "Joseph", "Julia", "Kai", "Karen", "Kenji", "Kevin", "Laura", "Leila", "Leo", "Liam", "Lucas",
        "Lucy", "Luis", "Maria", "Mark", "Martin", "Mary", "Mateo", "Mei", "Mia", "Michael", "Mohammed", "Nadia",
        "Naomi", "Nathan", "Nina", "Noah", "Nora", "Olga", "Oliver", "Olivia", "Omar", "Oscar", "Pablo", "Patricia",
        "Paul", "Peter", "Priya", "Rachel", "Rafael", "Ravi", "Rebecca", "Richard", "Robert", "Rosa", "Ryan",
        "Samuel", "Sara", "Sean", "Sofia", "Sophie", "Stella", "Susan", "Thomas", "Tomas", "Uma", "Valentina",
        "Victor", "Vivian", "William", "Xavier", "Yara", "Yusuf", "Zara", "Zoe",
    ];

    public static readonly string[] LastNames =
    [
        "Adams", "Ahmed", "Alvarez", "Anderson", "Bailey", "Baker", "Bennett", "Brooks", "Brown", "Campbell",
        "Carter", "Castro", "Chen", "Clark", "Collins", "Cook", "Cooper", "Cruz", "Davies", "Diaz", "Dubois",
        "Edwards", "Evans", "Fernandez", "Fischer", "Flores", "Foster", "Garcia", "Gomez", "Gonzalez", "Gray",
        "Green", "Hall", "Hansen", "Harris", "Hernandez", "Hill", "Hughes", "Ito", "Jackson", "Jansen", "Johnson",
        "Jones", "Kaur", "Kelly", "Khan", "Kim", "King", "Kowalski", "Kumar", "Larsen", "Lee", "Lewis", "Lopez",
        "Martin", "Martinez", "Meyer", "Miller", "Mitchell", "Moore", "Morales", "Morgan", "Murphy", "Nakamura",
        "Nguyen", "Nielsen", "Novak", "Okafor", "Olsen", "Ortiz", "Parker", "Patel", "Perez", "Peters", "Phillips",
        "Popescu", "Price", "Ramirez", "Reed", "Reyes", "Richardson", "Rivera", "Roberts", "Robinson", "Rodriguez",
        "Rossi", "Russo", "Sanchez", "Santos", "Schmidt", "Scott", "Silva", "Singh", "Smith", "Stewart", "Suzuki",
        "Tanaka", "Taylor", "Thomas", "Thompson", "Torres", "Turner", "Walker", "Wang", "Ward", "Watson", "Weber",
        "White", "Williams", "Wilson", "Wong", "Wright", "Yamamoto", "Young", "Zhang",
    ];

    public static readonly string[] ConstructionMaterials =
    [
        "Aluminum", "Asphalt", "Bamboo", "Brass", "Brick", "Cement", "Ceramic", "Clay", "Concrete", "Copper", "Cork",
        "Drywall", "Fiberglass", "Glass", "Granite", "Gravel", "Iron", "Limestone", "Marble", "Plaster", "Plastic",
        "Plexiglass", "Plywood", "Rubber", "Sandstone", "Slate", "Steel", "Stone", "Tile", "Vinyl", "Wood",
    ];

    public static readonly string[] UsStates =
    [
        "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
        "District of Columbia", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas",
        "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi",
        "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York",
        "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island",
        "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington",
        "West Virginia", "Wisconsin", "Wyoming",
    ];

    // Reserved and placeholder-style domains, so generated addresses never belong to a real mailbox.
    public static readonly string[] EmailDomains =
    [
        "example.com", "example.net", "example.org", "mail.example", "shop.example", "inbox.test", "post.test",
        "customers.invalid",
    ];
}
