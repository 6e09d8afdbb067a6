//! The templates' words in Azerbaijani and Russian: per template, its title and per
//! question slug its text and its choices' labels; units and standards, shared by all
//! templates, below. Written as an NPM's checklist would be, with the terms the monitoring
//! bodies of the region use.

pub(crate) mod juvenile;
pub(crate) mod migrant;
pub(crate) mod police;
pub(crate) mod prison;
pub(crate) mod psychiatric;
pub(crate) mod social_care;

/// A unit in Azerbaijani and Russian.
pub(crate) fn unit(unit: &str) -> Option<(&'static str, &'static str)> {
    Some(match unit {
        "prisoners" | "persons" | "detainees" | "residents" | "children" | "officers" | "staff" | "educators"
        | "nurses" | "carers" => ("nəfər", "чел."),
        "sanctions" => ("tənbeh", "взыск."),
        "days" => ("gün", "дн."),
        "hours" => ("saat", "ч"),
        "FTE" => ("ştat vahidi", "ставок"),
        "deaths" => ("hal", "случаев"),
        "episodes" => ("hal", "эпизодов"),
        "incidents" => ("hadisə", "инцидентов"),
        "beds" => ("çarpayı", "коек"),
        "languages" => ("dil", "языков"),
        "%" => ("%", "%"),
        "m²" => ("m²", "м²"),
        "°C" => ("°C", "°C"),
        _ => return None,
    })
}

/// The names of the standards, longest first so a whole name is replaced before a part of
/// it: (English, Azerbaijani, Russian). Document symbols (CPT/Inf(2002)15, §41) stay.
const STANDARDS: &[(&str, &str, &str)] = &[
    ("Nelson Mandela Rules, r.", "Nelson Mandela Qaydaları, qayda", "Правила Нельсона Манделы, правило"),
    ("Havana Rules, r.", "Havana Qaydaları, qayda", "Гаванские правила, правило"),
    ("Bangkok Rules, r.", "Banqkok Qaydaları, qayda", "Бангкокские правила, правило"),
    ("CRPD art.", "Əlilliyi olan şəxslərin hüquqları haqqında Konvensiya, maddə", "КПИ, ст."),
    ("CRC art.", "Uşaq hüquqları haqqında Konvensiya, maddə", "КПР, ст."),
    ("ICCPR art.", "MSHBP, maddə", "МПГПП, ст."),
    (
        "HRC General Comment 35",
        "BMT İnsan Hüquqları Komitəsinin 35 saylı Ümumi Şərhi",
        "Замечание общего порядка КПЧ № 35",
    ),
    (
        "UN Body of Principles on Detention (1988)",
        "Hər hansı formada tutulan şəxslərin müdafiəsi üzrə BMT Prinsiplər Məcmusu (1988)",
        "Свод принципов ООН о защите задержанных (1988)",
    ),
    ("UN Body of Principles, pr.", "BMT Prinsiplər Məcmusu, prinsip", "Свод принципов ООН, принцип"),
    (
        "UNHCR Detention Guidelines, Guideline",
        "BMT QAK-ın saxlanma üzrə Rəhbər Prinsipləri, prinsip",
        "Руководящие принципы УВКБ ООН по задержанию, принцип",
    ),
    (
        "UNHCR Detention Guidelines",
        "BMT QAK-ın saxlanma üzrə Rəhbər Prinsipləri",
        "Руководящие принципы УВКБ ООН по задержанию",
    ),
    (
        "Basic Principles on the Use of Force and Firearms (1990), pr.",
        "Güc və odlu silahın tətbiqi üzrə Əsas Prinsiplər (1990), prinsip",
        "Основные принципы применения силы и огнестрельного оружия (1990), принцип",
    ),
    (
        "Code of Conduct for Law Enforcement Officials (1979), art.",
        "Hüquq-mühafizə orqanlarının vəzifəli şəxsləri üçün Davranış Məcəlləsi (1979), maddə",
        "Кодекс поведения должностных лиц по поддержанию правопорядка (1979), ст.",
    ),
    (
        "MI Principles, pr.",
        "Psixi xəstələrin müdafiəsi Prinsipləri, prinsip",
        "Принципы защиты психически больных лиц, принцип",
    ),
    (
        "Méndez Principles on Effective Interviewing (2021)",
        "Effektiv dindirmə üzrə Mendes Prinsipləri (2021)",
        "Принципы Мендеса об эффективном опросе (2021)",
    ),
    (
        "Vienna Convention on Consular Relations, art.",
        "Konsulluq əlaqələri haqqında Vyana Konvensiyası, maddə",
        "Венская конвенция о консульских сношениях, ст.",
    ),
    ("Istanbul Protocol", "İstanbul Protokolu", "Стамбульский протокол"),
    ("police custody safeguards", "polis saxlanması zamanı təminatlar", "гарантии при полицейском задержании"),
    ("deportation by air", "hava yolu ilə deportasiya", "депортация воздушным транспортом"),
    ("living space per prisoner", "bir məhbusa düşən yaşayış sahəsi", "жилая площадь на одного заключённого"),
    ("immigration detention factsheet", "immiqrasiya saxlanması üzrə məlumat vərəqi", "обзор по содержанию мигрантов"),
    ("means of restraint in psychiatry", "psixiatriyada məhdudlaşdırma vasitələri", "средства фиксации в психиатрии"),
    ("police custody", "polis saxlanması", "полицейское задержание"),
    (
        "foreign nationals detained under aliens legislation",
        "miqrasiya qanunvericiliyi əsasında saxlanılan əcnəbilər",
        "иностранцы, задержанные по миграционному законодательству",
    ),
    (
        "involuntary placement in psychiatric establishments",
        "psixiatriya müəssisələrinə qeyri-könüllü yerləşdirmə",
        "недобровольная госпитализация в психиатрические учреждения",
    ),
];

/// A standard's citation in Azerbaijani and Russian.
pub(crate) fn standard(text: &str) -> (String, String) {
    let (mut az, mut ru) = (text.to_owned(), text.to_owned());
    for (en, in_az, in_ru) in STANDARDS {
        az = az.replace(en, in_az);
        ru = ru.replace(en, in_ru);
    }
    (az, ru)
}
