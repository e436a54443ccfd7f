"""Seeded generator of MedlinePlus-shaped health-topics XML, for benchmarks and scale tests.

Writes a file in the shape of NLM's ``mplus_topics_YYYY-MM-DD.xml`` (see
``shared/data/medlineplus/FORMATS.md``, section 2): English and Spanish topics linked in pairs,
groups, MeSH headings, escaped-HTML summaries with internal links, related topics and 4 to 60 linked
resources (sites) per topic, with heavy-tailed publishers and some resource URLs shared by several
topics. The same ``--topics`` and ``--seed`` always give byte-identical output.

Usage (from the project root):

    python benchmarks/generate_corpus.py --topics 2000 --seed 7 -o /tmp/mplus_topics.xml
    python benchmarks/generate_corpus.py --topics 50 -o /tmp/t.xml --groups-file /tmp/groups.xml

Only the standard library and lxml are used. Topics are written one at a time, so memory grows only
with the per-topic plan (titles, ids, links), not with the XML.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import html
import math
import random
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Generic, TypeVar
from urllib.parse import quote_plus

from lxml import etree

__all__ = ["Plan", "build_plan", "generate", "main", "write_groups", "write_topics"]

T = TypeVar("T")

#: A resource as written: title, url, language-mapped-url, categories, organizations, standard descriptions.
Site = tuple[str, str, str | None, list[str], list[str], list[str]]

MIN_SITES, MAX_SITES = 4, 60
DOCTYPE = (
    '<!DOCTYPE health-topics PUBLIC "-//NLM//DTD health-topics //EN" "https://medlineplus.gov/xml/mplus_topics.dtd">'
)
MEDLINEPLUS = "https://medlineplus.gov"

# ---------------------------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------------------------

#: NIH institutes: key | English name | Spanish name ("" = none) | home page.
_NIH = """\
NIH|National Institutes of Health|Institutos Nacionales de la Salud|https://www.nih.gov
NCI|National Cancer Institute|Instituto Nacional del Cáncer|https://www.cancer.gov
NEI|National Eye Institute|Instituto Nacional del Ojo|https://www.nei.nih.gov
NHLBI|National Heart, Lung, and Blood Institute|Instituto Nacional del Corazón, los Pulmones y la Sangre|https://www.nhlbi.nih.gov
NHGRI|National Human Genome Research Institute|Instituto Nacional de Investigación del Genoma Humano|https://www.genome.gov
NIA|National Institute on Aging|Instituto Nacional sobre el Envejecimiento|https://www.nia.nih.gov
NIAAA|National Institute on Alcohol Abuse and Alcoholism|Instituto Nacional sobre el Abuso del Alcohol y el Alcoholismo|https://www.niaaa.nih.gov
NIAID|National Institute of Allergy and Infectious Diseases|Instituto Nacional de Alergias y Enfermedades Infecciosas|https://www.niaid.nih.gov
NIAMS|National Institute of Arthritis and Musculoskeletal and Skin Diseases|Instituto Nacional de Artritis y Enfermedades Musculoesqueléticas y de la Piel|https://www.niams.nih.gov
NIBIB|National Institute of Biomedical Imaging and Bioengineering||https://www.nibib.nih.gov
NICHD|Eunice Kennedy Shriver National Institute of Child Health and Human Development|Instituto Nacional de Salud Infantil y Desarrollo Humano Eunice Kennedy Shriver|https://www.nichd.nih.gov
NIDCD|National Institute on Deafness and Other Communication Disorders|Instituto Nacional de la Sordera y Otros Trastornos de la Comunicación|https://www.nidcd.nih.gov
NIDCR|National Institute of Dental and Craniofacial Research|Instituto Nacional de Investigación Dental y Craneofacial|https://www.nidcr.nih.gov
NIDDK|National Institute of Diabetes and Digestive and Kidney Diseases|Instituto Nacional de la Diabetes y las Enfermedades Digestivas y Renales|https://www.niddk.nih.gov
NIDA|National Institute on Drug Abuse|Instituto Nacional sobre el Abuso de Drogas|https://nida.nih.gov
NIEHS|National Institute of Environmental Health Sciences|Instituto Nacional de Ciencias de la Salud Ambiental|https://www.niehs.nih.gov
NIGMS|National Institute of General Medical Sciences||https://www.nigms.nih.gov
NIMH|National Institute of Mental Health|Instituto Nacional de la Salud Mental|https://www.nimh.nih.gov
NIMHD|National Institute on Minority Health and Health Disparities||https://www.nimhd.nih.gov
NINDS|National Institute of Neurological Disorders and Stroke|Instituto Nacional de Trastornos Neurológicos y Accidentes Cerebrovasculares|https://www.ninds.nih.gov
NINR|National Institute of Nursing Research||https://www.ninr.nih.gov
NLM|National Library of Medicine|Biblioteca Nacional de Medicina de los EE. UU.|https://www.nlm.nih.gov
NCCIH|National Center for Complementary and Integrative Health|Centro Nacional de Salud Complementaria e Integral|https://www.nccih.nih.gov
NCATS|National Center for Advancing Translational Sciences||https://ncats.nih.gov
ODS|NIH Office of Dietary Supplements|Oficina de Suplementos Dietéticos|https://ods.od.nih.gov"""  # noqa: E501

#: Big real publishers: name | English URL pattern | Spanish URL pattern | share with a Spanish version.
#: Patterns take {base} (the topic slug), {t} (resource slug) and {n} (a number).
_PUBLISHERS = """\
Mayo Foundation for Medical Education and Research|https://www.mayoclinic.org/diseases-conditions/{base}/{t}/syc-{n}?p=1|https://www.mayoclinic.org/es/diseases-conditions/{base}/{t}/syc-{n}?p=1|0.55
Nemours Foundation|https://kidshealth.org/en/parents/{t}.html|https://kidshealth.org/es/parents/{t}.html|0.7
Centers for Disease Control and Prevention|https://www.cdc.gov/{base}/{t}/index.html|https://www.cdc.gov/{base}/es/{t}/index.html|0.5
American Academy of Family Physicians|https://familydoctor.org/condition/{t}/?adfree=true|https://es.familydoctor.org/condicion/{t}/?adfree=true|0.8
American Academy of Pediatrics|https://www.healthychildren.org/English/health-issues/conditions/{base}/Pages/{t}.aspx|https://www.healthychildren.org/Spanish/health-issues/conditions/{base}/Paginas/{t}.aspx|0.5
American College of Obstetricians and Gynecologists|https://www.acog.org/womens-health/faqs/{t}|https://www.acog.org/womens-health/faqs/{t}-es|0.3
Food and Drug Administration|https://www.fda.gov/consumers/consumer-updates/{t}|https://www.fda.gov/consumers/articulos-en-espanol/{t}|0.25
American Heart Association|https://www.heart.org/en/health-topics/{base}/{t}|https://www.heart.org/es/health-topics/{base}/{t}|0.3
American Cancer Society|https://www.cancer.org/cancer/{base}/{t}.html|https://www.cancer.org/es/cancer/{base}/{t}.html|0.4
Merck & Co., Inc.|https://www.merckmanuals.com/home/{base}/{t}|https://www.merckmanuals.com/es-us/hogar/{base}/{t}|0.5
Radiological Society of North America|https://www.radiologyinfo.org/en/info/{t}|https://www.radiologyinfo.org/es/info/{t}|0.6
Office on Women's Health|https://www.womenshealth.gov/{base}/{t}|https://espanol.womenshealth.gov/{base}/{t}|0.35
Department of Health and Human Services|https://www.hhs.gov/{base}/{t}/index.html|https://www.hhs.gov/es/{base}/{t}/index.html|0.3
American Diabetes Association|https://diabetes.org/{base}/{t}|https://diabetes.org/es/{base}/{t}|0.2
American Academy of Orthopaedic Surgeons|https://orthoinfo.aaos.org/en/diseases--conditions/{t}/|https://orthoinfo.aaos.org/es/diseases--conditions/{t}/|0.3
Agency for Healthcare Research and Quality|https://www.ahrq.gov/patients-consumers/{base}/{t}.html|https://www.ahrq.gov/es/patients-consumers/{base}/{t}.html|0.2
American Society of Clinical Oncology|https://www.cancer.net/cancer-types/{base}/{t}|https://www.cancer.net/es/tipos-de-cancer/{base}/{t}|0.2
Substance Abuse and Mental Health Services Administration|https://www.samhsa.gov/{base}/{t}|https://www.samhsa.gov/es/{base}/{t}|0.2
National Kidney Foundation|https://www.kidney.org/atoz/content/{t}|https://www.kidney.org/es/atoz/content/{t}|0.2
Alzheimer's Association|https://www.alz.org/{base}/{t}|https://www.alz.org/espanol/{base}/{t}|0.2
American Academy of Dermatology|https://www.aad.org/public/diseases/{base}/{t}|https://www.aad.org/es/public/diseases/{base}/{t}|0.1
Cleveland Clinic|https://my.clevelandclinic.org/health/diseases/{n}-{t}|https://my.clevelandclinic.org/es/health/diseases/{n}-{t}|0.05
Environmental Protection Agency|https://www.epa.gov/{base}/{t}|https://espanol.epa.gov/{base}/{t}|0.3
Centers for Medicare & Medicaid Services|https://www.medicare.gov/coverage/{t}|https://es.medicare.gov/coverage/{t}|0.3
American Lung Association|https://www.lung.org/lung-health-diseases/{base}/{t}|https://www.lung.org/es/{base}/{t}|0.1
Arthritis Foundation|https://www.arthritis.org/diseases/{t}|https://www.arthritis.org/espanol/{t}|0.1
American College of Radiology|https://www.acr.org/patients/{base}/{t}|https://www.acr.org/es/patients/{base}/{t}|0.3"""

#: Order of the Zipf head: the most-cited publishers first (names as above, or NIH keys).
_HEAD = (
    "Mayo Foundation for Medical Education and Research",
    "Nemours Foundation",
    "Centers for Disease Control and Prevention",
    "American Academy of Family Physicians",
    "NIDDK",
    "NCI",
    "NLM",
    "NHLBI",
    "NINDS",
    "American Academy of Pediatrics",
    "NIAMS",
    "American College of Obstetricians and Gynecologists",
    "Food and Drug Administration",
    "NIMH",
    "NIA",
    "NIAID",
    "American Heart Association",
    "American Cancer Society",
    "Merck & Co., Inc.",
    "Radiological Society of North America",
    "Office on Women's Health",
    "NIH",
)

#: The 44 topic groups: id | English name | Spanish name | NIH key | what it concerns (en | es).
_GROUPS = """\
1|Blood, Heart and Circulation|Sangre, corazón y circulación|NHLBI|your heart and blood vessels|el corazón y los vasos sanguíneos
3|Bones, Joints and Muscles|Huesos, articulaciones y músculos|NIAMS|your bones, joints and muscles|los huesos, las articulaciones y los músculos
4|Brain and Nerves|Cerebro y nervios|NINDS|your brain and nervous system|el cerebro y el sistema nervioso
2|Digestive System|Sistema digestivo|NIDDK|your digestive system|el sistema digestivo
5|Ear, Nose and Throat|Oído, nariz y garganta|NIDCD|your ears, nose and throat|los oídos, la nariz y la garganta
6|Endocrine System|Sistema endocrino|NIDDK|the glands that make hormones|las glándulas que producen hormonas
7|Eyes and Vision|Ojos y visión|NEI|your eyes and vision|los ojos y la visión
8|Immune System|Sistema inmunitario|NIAID|your immune system|el sistema inmunitario
9|Kidneys and Urinary System|Riñones y sistema urinario|NIDDK|your kidneys and urinary tract|los riñones y las vías urinarias
10|Lungs and Breathing|Pulmones y respiración|NHLBI|your lungs and breathing|los pulmones y la respiración
11|Mouth and Teeth|Boca y dientes|NIDCR|your mouth and teeth|la boca y los dientes
12|Skin, Hair and Nails|Piel, cabello y uñas|NIAMS|your skin, hair and nails|la piel, el cabello y las uñas
42|Female Reproductive System|Sistema reproductor femenino|NICHD|the female reproductive system|el sistema reproductor femenino
43|Male Reproductive System|Sistema reproductor masculino|NIDDK|the male reproductive system|el sistema reproductor masculino
13|Cancers|Cánceres|NCI|the cells of your body|las células del cuerpo
45|Diabetes Mellitus|Diabetes mellitus|NIDDK|how your body uses blood sugar|la forma en que el cuerpo usa el azúcar en la sangre
14|Genetics/Birth Defects|Genética/Defectos congénitos|NHGRI|your genes and development|los genes y el desarrollo
15|Infections|Infecciones|NIAID|your whole body|todo el cuerpo
16|Injuries and Wounds|Lesiones y heridas|NIAMS|your body after an injury|el cuerpo después de una lesión
17|Mental Health and Behavior|Salud mental y conducta|NIMH|your mood, thinking and behavior|el estado de ánimo, el pensamiento y la conducta
18|Metabolic Problems|Problemas metabólicos|NIDDK|your metabolism|el metabolismo
19|Poisoning, Toxicology, Environmental Health|Envenenamiento, toxicología, salud ambiental|NIEHS|your health and environment|la salud y el medio ambiente
20|Pregnancy and Reproduction|Embarazo y reproducción|NICHD|pregnancy and fertility|el embarazo y la fertilidad
21|Substance Abuse Problems|Problemas de abuso de sustancias|NIDA|your brain and behavior|el cerebro y la conducta
25|Diagnostic Tests|Pruebas diagnósticas|NIBIB|how doctors find health problems|la forma en que los médicos detectan problemas de salud
26|Drug Therapy|Farmacoterapia||how medicines work in your body|la forma en que actúan las medicinas en el cuerpo
27|Surgery and Rehabilitation|Cirugía y rehabilitación||your recovery|la recuperación
31|Symptoms|Síntomas||how you feel|cómo se siente
32|Transplantation and Donation|Trasplante y donación|NHLBI|organ and tissue donation|la donación de órganos y tejidos
33|Children|Niños|NICHD|children's health|la salud de los niños
34|Men|Hombres||men's health|la salud de los hombres
35|Older Adults|Adultos mayores|NIA|older adults' health|la salud de las personas mayores
36|Population Groups|Grupos de población|NIMHD|the health of communities|la salud de las comunidades
37|Teenagers|Adolescentes|NICHD|teens' health|la salud de los adolescentes
38|Women|Mujeres||women's health|la salud de las mujeres
22|Disasters|Desastres|NIEHS|your safety in an emergency|la seguridad durante una emergencia
23|Fitness and Exercise|Ejercicio y actividad física|NHLBI|your fitness|la buena forma física
24|Food and Nutrition|Alimentos y nutrición|ODS|what you eat|lo que usted come
28|Health System|Sistema de salud||your health care|la atención médica
29|Personal Health Issues|Temas de salud personal||your everyday health|la salud diaria
30|Safety Issues|Temas de seguridad||your safety|la seguridad
39|Sexual Health Issues|Temas de salud sexual|NIAID|your sexual health|la salud sexual
40|Social/Family Issues|Temas sociales y familiares||your family and social life|la vida familiar y social
41|Wellness and Lifestyle|Bienestar y estilo de vida|NCCIH|your well-being|el bienestar"""  # noqa: E501

#: Base health terms: English | Spanish | group id | NIH key ("" = the group's).
_TERMS = """\
Anemia|Anemia|1|
High Blood Pressure|Presión arterial alta|1|
Heart Attack|Ataque cardíaco|1|
Heart Failure|Insuficiencia cardíaca|1|
Atrial Fibrillation|Fibrilación auricular|1|
Sickle Cell Disease|Enfermedad de células falciformes|1|
Hemophilia|Hemofilia|1|
Varicose Veins|Venas varicosas|1|
Deep Vein Thrombosis|Trombosis venosa profunda|1|
Cholesterol|Colesterol|1|
Coronary Artery Disease|Enfermedad de las arterias coronarias|1|
Stroke|Accidente cerebrovascular|4|
Osteoporosis|Osteoporosis|3|
Osteoarthritis|Osteoartritis|3|
Rheumatoid Arthritis|Artritis reumatoide|3|
Back Pain|Dolor de espalda|3|
Gout|Gota|3|
Fibromyalgia|Fibromialgia|3|
Scoliosis|Escoliosis|3|
Carpal Tunnel Syndrome|Síndrome del túnel carpiano|3|
Muscle Cramps|Calambres musculares|3|
Fractures|Fracturas|16|
Migraine|Migraña|4|
Epilepsy|Epilepsia|4|
Parkinson's Disease|Enfermedad de Parkinson|4|
Multiple Sclerosis|Esclerosis múltiple|4|
Alzheimer's Disease|Enfermedad de Alzheimer|4|NIA
Dementia|Demencia|4|NIA
Headache|Dolor de cabeza|4|
Neuropathy|Neuropatía|4|
Concussion|Conmoción cerebral|4|
Sleep Disorders|Trastornos del sueño|4|NHLBI
Abdominal Pain|Dolor abdominal|2|
Constipation|Estreñimiento|2|
Diarrhea|Diarrea|2|
GERD|Reflujo gastroesofágico|2|
Celiac Disease|Enfermedad celíaca|2|
Crohn's Disease|Enfermedad de Crohn|2|
Hepatitis|Hepatitis|2|
Gallstones|Cálculos biliares|2|
Irritable Bowel Syndrome|Síndrome del intestino irritable|2|
Indigestion|Indigestión|2|
Hemorrhoids|Hemorroides|2|
Peptic Ulcer|Úlcera péptica|2|
Hearing Loss|Pérdida de audición|5|
Tinnitus|Tinnitus|5|
Sinusitis|Sinusitis|5|
Sore Throat|Dolor de garganta|5|
Ear Infections|Infecciones de oído|5|
Voice Disorders|Trastornos de la voz|5|
Thyroid Diseases|Enfermedades de la tiroides|6|
Hypothyroidism|Hipotiroidismo|6|
Hyperthyroidism|Hipertiroidismo|6|
Adrenal Gland Disorders|Trastornos de las glándulas suprarrenales|6|
Growth Disorders|Trastornos del crecimiento|6|NICHD
Cataract|Cataratas|7|
Glaucoma|Glaucoma|7|
Macular Degeneration|Degeneración macular|7|
Dry Eye|Ojo seco|7|
Diabetic Eye Problems|Problemas de la vista por diabetes|7|
Refractive Errors|Errores de refracción|7|
Allergy|Alergia|8|
Lupus|Lupus|8|NIAMS
Autoimmune Diseases|Enfermedades autoinmunes|8|
Food Allergy|Alergia alimentaria|8|
Hay Fever|Fiebre del heno|8|
Kidney Stones|Cálculos renales|9|
Chronic Kidney Disease|Enfermedad renal crónica|9|
Urinary Tract Infections|Infecciones urinarias|9|
Bladder Control Problems|Problemas de control de la vejiga|9|
Dialysis|Diálisis|9|
Asthma|Asma|10|
COPD|EPOC|10|
Pneumonia|Neumonía|10|
Bronchitis|Bronquitis|10|
Cystic Fibrosis|Fibrosis quística|10|
Sleep Apnea|Apnea del sueño|10|
Tuberculosis|Tuberculosis|10|NIAID
Tooth Decay|Caries dental|11|
Gum Disease|Enfermedades de las encías|11|
Dry Mouth|Boca seca|11|
Canker Sores|Aftas|11|
Acne|Acné|12|
Eczema|Eccema|12|
Psoriasis|Psoriasis|12|
Hair Loss|Caída del cabello|12|
Hives|Urticaria|12|
Rosacea|Rosácea|12|
Skin Cancer|Cáncer de piel|13|
Endometriosis|Endometriosis|42|
Menopause|Menopausia|42|NIA
Menstruation|Menstruación|42|
Uterine Fibroids|Fibromas uterinos|42|
Pelvic Pain|Dolor pélvico|42|
Ovarian Cysts|Quistes ováricos|42|
Enlarged Prostate (BPH)|Agrandamiento de la próstata (HPB)|43|
Erectile Dysfunction|Disfunción eréctil|43|
Prostate Diseases|Enfermedades de la próstata|43|
Male Infertility|Infertilidad masculina|43|NICHD
Breast Cancer|Cáncer de seno|13|
Lung Cancer|Cáncer de pulmón|13|
Colorectal Cancer|Cáncer colorrectal|13|
Prostate Cancer|Cáncer de próstata|13|
Leukemia|Leucemia|13|
Lymphoma|Linfoma|13|
Melanoma|Melanoma|13|
Pancreatic Cancer|Cáncer de páncreas|13|
Ovarian Cancer|Cáncer de ovario|13|
Thyroid Cancer|Cáncer de tiroides|13|
Diabetes|Diabetes|45|
Diabetes Type 1|Diabetes tipo 1|45|
Diabetes Type 2|Diabetes tipo 2|45|
Prediabetes|Prediabetes|45|
A1C|Prueba de hemoglobina glicosilada (HbA1c)|25|NIDDK
Gestational Diabetes|Diabetes gestacional|45|
Blood Sugar|Glucosa en la sangre|45|
Down Syndrome|Síndrome de Down|14|NICHD
Genetic Disorders|Trastornos genéticos|14|
Congenital Heart Defects|Defectos cardíacos congénitos|14|NHLBI
Cleft Lip and Palate|Labio leporino y paladar hendido|14|NIDCR
Spina Bifida|Espina bífida|14|NINDS
Genes and Gene Therapy|Genes y terapia génica|14|
Flu|Influenza|15|
COVID-19|COVID-19|15|
HIV|VIH|15|
Lyme Disease|Enfermedad de Lyme|15|
Measles|Sarampión|15|
Shingles|Culebrilla|15|
Staph Infections|Infecciones por estafilococos|15|
Sepsis|Sepsis|15|NIGMS
Common Cold|Resfriado común|15|
Burns|Quemaduras|16|NIGMS
Sprains and Strains|Esguinces y distensiones|16|
Head Injuries|Lesiones en la cabeza|16|NINDS
Wounds and Injuries|Heridas y lesiones|16|
Sports Injuries|Lesiones deportivas|16|
Depression|Depresión|17|
Anxiety|Ansiedad|17|
Bipolar Disorder|Trastorno bipolar|17|
Schizophrenia|Esquizofrenia|17|
Post-Traumatic Stress Disorder|Trastorno de estrés postraumático|17|
Eating Disorders|Trastornos de la alimentación|17|
ADHD|Trastorno por déficit de atención e hiperactividad|17|
Autism Spectrum Disorder|Trastorno del espectro autista|17|
Obesity|Obesidad|18|
Metabolic Syndrome|Síndrome metabólico|18|NHLBI
Hemochromatosis|Hemocromatosis|18|
Dehydration|Deshidratación|18|
Vitamin D Deficiency|Deficiencia de vitamina D|18|ODS
Lead Poisoning|Envenenamiento por plomo|19|
Carbon Monoxide Poisoning|Intoxicación por monóxido de carbono|19|
Air Pollution|Contaminación del aire|19|
Pesticides|Pesticidas|19|
Pregnancy|Embarazo|20|
Infertility|Infertilidad|20|
Birth Control|Anticonceptivos|20|
Prenatal Care|Cuidado prenatal|20|
Miscarriage|Pérdida del embarazo|20|
Abortion|Aborto|20|
Breastfeeding|Lactancia materna|20|
Alcohol Use Disorder (AUD)|Trastorno por consumo de alcohol|21|NIAAA
Opioid Misuse and Addiction|Abuso y adicción a los opioides|21|
Smoking|Tabaquismo|21|
Drug Use and Addiction|Uso y adicción a las drogas|21|
E-Cigarettes|Cigarrillos electrónicos|21|
Blood Tests|Exámenes de sangre|25|NHLBI
MRI Scans|Resonancia magnética|25|
CT Scans|Tomografía computarizada|25|
X-Rays|Rayos X|25|
Biopsy|Biopsia|25|NCI
Laboratory Tests|Pruebas de laboratorio|25|NLM
Endoscopy|Endoscopia|25|NIDDK
Antibiotics|Antibióticos|26|NIAID
Pain Relievers|Analgésicos|26|
Medicines|Medicinas|26|
Over-the-Counter Medicines|Medicinas de venta libre|26|
Herbal Medicine|Medicina herbaria|26|NCCIH
Dietary Supplements|Suplementos dietéticos|26|ODS
Anesthesia|Anestesia|27|NIGMS
Physical Therapy|Terapia física|27|
Knee Replacement|Reemplazo de rodilla|27|NIAMS
Hip Replacement|Reemplazo de cadera|27|NIAMS
Rehabilitation|Rehabilitación|27|
Fever|Fiebre|31|
Fatigue|Fatiga|31|
Cough|Tos|31|
Dizziness and Vertigo|Mareos y vértigo|31|NIDCD
Nausea and Vomiting|Náuseas y vómitos|31|
Chronic Pain|Dolor crónico|31|NINDS
Organ Donation|Donación de órganos|32|
Bone Marrow Transplantation|Trasplante de médula ósea|32|
Blood Transfusion and Donation|Transfusión y donación de sangre|32|
Infant and Newborn Care|Cuidado del bebé y del recién nacido|33|
Child Development|Desarrollo infantil|33|
Childhood Vaccines|Vacunas para niños|33|
Sudden Infant Death Syndrome|Síndrome de muerte súbita del lactante|33|
Men's Health|Salud masculina|34|
Falls|Caídas|35|
Older Adult Health|Salud de las personas mayores|35|
Caregivers|Cuidadores|35|
Health Disparities|Disparidades en salud|36|
Hispanic American Health|Salud de los hispanos|36|
Veterans and Military Health|Salud de veteranos y militares|36|
Teen Health|Salud de los adolescentes|37|
Teen Development|Desarrollo de los adolescentes|37|
Women's Health|Salud de la mujer|38|
Women's Health Checkup|Examen médico para la mujer|38|
Hurricanes|Huracanes|22|
Floods|Inundaciones|22|
Heat Illness|Enfermedades por calor|22|
Earthquakes|Terremotos|22|
Exercise and Physical Fitness|Ejercicio y actividad física|23|
Exercise for Older Adults|Ejercicios para personas mayores|23|NIA
Sports Fitness|Deportes y buena forma física|23|
Nutrition|Nutrición|24|
Vitamins|Vitaminas|24|
Dietary Fiber|Fibra en la dieta|24|
Sodium|Sodio|24|
Weight Control|Control del peso|24|NIDDK
Health Insurance|Seguro médico|28|
Medicare|Medicare|28|
Patient Rights|Derechos del paciente|28|
Hospice Care|Centros de cuidados paliativos|28|NINR
Healthy Sleep|Sueño saludable|29|NHLBI
Stress|Estrés|29|NIMH
Child Safety|Seguridad infantil|30|
Motor Vehicle Safety|Seguridad vehicular|30|
Sun Exposure|Exposición al sol|30|
Sexually Transmitted Infections|Infecciones de transmisión sexual|39|
HPV|Virus del papiloma humano (VPH)|39|NCI
Safe Sex|Sexo seguro|39|
Domestic Violence|Violencia doméstica|40|
Grief|Duelo|40|NINR
Child Abuse|Maltrato infantil|40|NICHD
Healthy Living|Estilo de vida saludable|41|
Meditation|Meditación|41|"""

#: English words that keep their capital inside a sentence.
_PROPER = frozenset({"Down", "Lyme", "Medicare", "Hispanic", "American", "Alzheimer's", "Parkinson's", "Crohn's"})
_PROPER_ES = frozenset({"Down", "Lyme", "Medicare", "Parkinson", "Alzheimer", "Crohn"})

#: Title patterns built on a base term: English | Spanish ({x} = the term in lower case) | extra group.
_PATTERNS = """\
{X} in Children|{x} en niños|33
{X} in Women|{x} en mujeres|38
{X} in Men|{x} en hombres|34
{X} in Older Adults|{x} en personas mayores|35
Teen {X}|{x} en adolescentes|37
{X} Tests|Pruebas de {x}|25
{X} Screening|Detección de {x}|25
{X} Medicines|Medicinas para {x}|26
{X} Surgery|Cirugía de {x}|27
{X} Rehabilitation|Rehabilitación de {x}|27
Living with {X}|Vivir con {x}|
{X} Prevention|Prevención de {x}|
{X} Complications|Complicaciones de {x}|
{X} Genetics|Genética de {x}|14
{X} and Pregnancy|{x} y embarazo|20
{X} Symptoms|Síntomas de {x}|31
{X} Treatment|Tratamiento de {x}|
Long-Term {X}|{x} a largo plazo|
Caring for Someone with {X}|Cuidar a alguien con {x}|
{X} and Nutrition|{x} y nutrición|24
{X} and Exercise|{x} y ejercicio|23
Occupational {X}|{x} ocupacional|30
{X} Risk Factors|Factores de riesgo de {x}|
{X} Emergencies|Emergencias por {x}|
{X} in Infants|{x} en bebés|33"""

_SYLLABLES = (
    "kes", "lor", "man", "ber", "gard", "ton", "wil", "hal", "mer", "den", "stro", "vik", "ley",
    "ran", "dor", "fel", "sen", "bro", "cal", "nik", "ash", "ver", "mon", "tal", "rik", "bel",
)  # fmt: skip

#: Synthetic publishers: first part | field; combined into "<first> <field>".
_ORG_FIRST = (
    "American Society for", "American Association of", "National Foundation for", "International Society of",
    "American College of", "Alliance for", "Council on", "North American Society for", "Foundation for",
    "Association for", "Society of", "Coalition for", "Center for", "Institute for",
)  # fmt: skip
_ORG_FIELD = (
    "Pediatric Nephrology", "Clinical Dermatology", "Sleep Medicine", "Hand Surgery", "Rare Disorders",
    "Lung Health", "Digestive Health", "Bone Health", "Vision Research", "Hearing Health", "Family Caregiving",
    "Mental Wellness", "Kidney Care", "Pain Management", "Women's Health Research", "Men's Health",
    "Genetic Counseling", "Infectious Disease Prevention", "Cancer Survivorship", "Heart Rhythm Care",
    "Movement Disorders", "Headache Research", "Allergy & Asthma", "Oral Health", "Skin Health",
    "Nutrition Education", "Healthy Aging", "Patient Safety", "Child Health", "Emergency Medicine",
    "Reproductive Medicine", "Thyroid Research", "Blood Disorders", "Spine Care", "Addiction Recovery",
    "Eye Care", "Diabetes Education", "Stroke Recovery", "Liver Health", "Physical Medicine",
)  # fmt: skip

#: Other-language links: English name of the language | its own name.
_LANGUAGES = (
    ("Arabic", "العربية"),
    ("Chinese, Simplified (Mandarin dialect)", "简体中文"),
    ("Chinese, Traditional (Cantonese dialect)", "繁體中文"),
    ("French", "français"),
    ("Haitian Creole", "Kreyol ayisyen"),
    ("Hindi", "हिन्दी"),
    ("Japanese", "日本語"),
    ("Korean", "한국어"),
    ("Portuguese", "português"),
    ("Russian", "Русский"),
    ("Somali", "af Soomaali"),
    ("Vietnamese", "Tiếng Việt"),
)

_QUALIFIERS = (
    ("Q000175", "diagnosis"),
    ("Q000628", "therapy"),
    ("Q000517", "prevention & control"),
    ("Q000453", "epidemiology"),
    ("Q000235", "genetics"),
    ("Q000209", "etiology"),
    ("Q000150", "complications"),
    ("Q000188", "drug therapy"),
    ("Q000601", "surgery"),
    ("Q000503", "physiopathology"),
)

#: Sections and how often a resource is filed under each (English, Spanish).
_SECTIONS_EN = (
    ("Learn More", 24), ("Specifics", 11), ("Related Issues", 8), ("Start Here", 6), ("Diagnosis and Tests", 6),
    ("Treatments and Therapies", 6), ("Symptoms", 3), ("Prevention and Risk Factors", 3), ("Living With", 3),
    ("Patient Handouts", 3), ("Videos and Tutorials", 2), ("Statistics and Research", 2), ("Reference Desk", 2),
    ("Genetics", 1.5), ("Images", 1), ("Health Check Tools", 0.5), ("Case Reports", 0.5), ("Financial Issues", 0.4),
)  # fmt: skip
_SECTIONS_ES = (
    ("Más información", 25), ("Asuntos específicos", 12), ("Asuntos relacionados", 8), ("Comience aquí", 6),
    ("Diagnóstico y exámenes", 6), ("Tratamientos y terapias", 6), ("Síntomas", 3),
    ("Prevención y factores de riesgo", 3), ("Viviendo con...", 3), ("Interactivos y videos", 2),
    ("Estadísticas e investigación", 2), ("Imágenes", 1),
)  # fmt: skip
_AUDIENCES_EN = (("Children", 5), ("Teenagers", 2), ("Women", 2), ("Men", 1), ("Seniors", 1.5))
_AUDIENCES_ES = (("Niños", 5), ("Adolescentes", 2), ("Mujeres", 2), ("Hombres", 1), ("Personas mayores", 1.5))
_SPANISH_FLAG, _HIDDEN_FLAG = "Spanish/Español", "NON-DISPLAY (Patient Handout)"

#: Resource titles ({X} title case, {x} lower case) by section; "*" is the fallback.
_SITE_TITLES_EN: dict[str, tuple[str, ...]] = {
    "*": (
        "{X}", "What Is {X}?", "{X}: Symptoms and Causes", "About {X}", "{X} Fact Sheet", "Facts about {X}",
        "Understanding {X}", "{X}: Overview", "Questions & Answers about {X}", "{X} and Your Health",
        "Managing {X}", "Research on {X}", 'What Does "{X}" Mean?', "{X}: Q&A", "Coping with {X}",
        "{X} in Adults", "Caring for a Loved One with {X}", "Clinical Guidelines: {X}", "{X} Basics",
    ),
    "Symptoms": ("{X} Symptoms", "Signs and Symptoms of {X}", "{X}: Symptoms and Causes", "{X}: When to See a Doctor"),
    "Diagnosis and Tests": ("Diagnosing {X}", "How Is {X} Diagnosed?", "Tests for {X}", "{X}: Diagnosis"),
    "Prevention and Risk Factors": ("Preventing {X}", "{X} Risk Factors", "Can {X} Be Prevented?", "Avoiding {X}"),
    "Treatments and Therapies": ("Treating {X}", "Medicines for {X}", "{X} Treatment Options", "Surgery for {X}"),
    "Living With": ("Living with {X}", "Coping with {X}", "Tips for Living with {X}", "Daily Life with {X}"),
    "Genetics": ("{X}: MedlinePlus Genetics", "Genetics of {X}", "Is {X} Inherited?"),
    "Videos and Tutorials": ("{X} (Video)", "{X}: Interactive Tutorial", "Animation: How {X} Happens"),
    "Health Check Tools": ("{X} Risk Quiz", "{X} Self-Assessment", "Check Your Risk of {X}"),
    "Images": ("{X} Pictures", "Image Gallery: {X}"),
    "Statistics and Research": ("{X} Statistics", "Research on {X}", "Trends in {X}", "Key Statistics for {X}"),
    "Reference Desk": ("{X} Glossary", "Glossary of {X} Terms", "{X}: Terms to Know"),
    "Patient Handouts": ("{X}: What to Ask Your Doctor", "{X} Handout", "Going Home after {X} Care"),
    "Case Reports": ("Case Report: {X} in a {n}-Year-Old", "Unusual Presentation of {X}: A Case Report"),
    "Financial Issues": ("Paying for {X} Care", "Medicare Coverage: {X}", "Help with the Cost of {X} Treatment"),
    "Children": ("{X} (For Parents)", "{X} (For Kids)", "{X} in Children", "Helping Your Child with {X}"),
    "Teenagers": ("{X} (For Teens)", "{X}: A Teen Guide"),
    "Women": ("{X} in Women", "{X}: What Women Need to Know"),
    "Men": ("{X} in Men", "{X}: What Men Need to Know"),
    "Seniors": ("{X} in Older Adults", "{X} after 65"),
}  # fmt: skip
_SITE_TITLES_ES: dict[str, tuple[str, ...]] = {
    "*": (
        "{X}", "¿Qué es {x}?", "{X}: Síntomas y causas", "Datos sobre {x}", "Información sobre {x}",
        "Preguntas y respuestas sobre {x}", "{X}: Lo que usted debe saber", '¿Qué significa "{x}"?',
        "Cómo entender {x}", "{X} y su salud", "Investigación sobre {x}", "{X}: Preguntas frecuentes",
    ),
    "Síntomas": ("Síntomas de {x}", "Señales de {x}"),
    "Diagnóstico y exámenes": ("Diagnóstico de {x}", "Pruebas para {x}", "¿Cómo se diagnostica {x}?"),
    "Prevención y factores de riesgo": ("Cómo prevenir {x}", "Factores de riesgo de {x}"),
    "Tratamientos y terapias": ("Tratamiento de {x}", "Medicamentos para {x}", "Opciones de tratamiento para {x}"),
    "Viviendo con...": ("Vivir con {x}", "Consejos para vivir con {x}"),
    "Interactivos y videos": ("{X} (video)", "{X}: Tutorial interactivo"),
    "Imágenes": ("Imágenes de {x}",),
    "Estadísticas e investigación": ("Estadísticas sobre {x}", "Investigación sobre {x}"),
    "Niños": ("{X} (para padres)", "{X} (para niños)", "{X} en niños"),
    "Adolescentes": ("{X} (para adolescentes)",),
    "Mujeres": ("{X} en mujeres",),
    "Hombres": ("{X} en hombres",),
    "Personas mayores": ("{X} en personas mayores",),
}  # fmt: skip

_ENCY_SUFFIX_EN = ("", "", "", " - overview", " test", " - children", " - adults", " - series", " - resources")
_ENCY_HANDOUT_EN = (" - discharge", " - what to ask your doctor", " - self-care", " - aftercare")
_ENCY_SUFFIX_ES = ("", "", "", " - resumen", " - niños", " - adultos", " - serie", " - cuidados posteriores")

_SUMMARY_EN = (
    "{X} is a common problem that affects {body}.",
    "{X} happens when something goes wrong with {body}.",
    "Anyone can get {x}, but some people are at higher risk.",
    "Your risk may be higher if you have a family history of {x} or if you have {link}.",
    "Your health care provider will ask about your symptoms and medical history and may order tests such as {link}.",
    "Treatment depends on the cause and how severe it is.",
    "Some people need medicines, while others do well with lifestyle changes such as {link}.",
    "Early diagnosis and treatment can help prevent complications.",
    "If you think you have {x}, talk with your health care provider.",
    "Researchers are studying new ways to prevent and treat {x}.",
    "{X} is sometimes linked to {link}.",
    "Many people with {x} also have {link}.",
    "There is no single test for {x}.",
    "With the right care, most people with {x} can lead full, active lives.",
)
_SUMMARY_ES = (
    "{X} es un problema común que afecta {body}.",
    "{X} ocurre cuando algo no funciona bien en {body}.",
    "Cualquier persona puede tener {x}, pero algunas personas corren un riesgo mayor.",
    "El riesgo puede ser mayor si tiene antecedentes familiares de {x} o si tiene {link}.",
    "Su profesional de la salud le preguntará sobre sus síntomas y puede pedir pruebas como {link}.",
    "El tratamiento depende de la causa y de la gravedad.",
    "Algunas personas necesitan medicinas, mientras que otras mejoran con cambios en el estilo de vida como {link}.",
    "El diagnóstico y el tratamiento tempranos pueden ayudar a prevenir complicaciones.",
    "Si cree que tiene {x}, hable con su profesional de la salud.",
    "Los investigadores estudian nuevas formas de prevenir y tratar {x}.",
    "A veces, {x} está relacionado con {link}.",
    "Muchas personas con {x} también tienen {link}.",
)
_LIST_INTRO_EN = ("Symptoms can be mild or severe. They may include:", "Get medical help right away if you have:")
_LIST_INTRO_ES = ("Los síntomas pueden ser leves o graves. Pueden incluir:", "Busque ayuda médica de inmediato si:")
_LIST_ITEMS_EN = (
    "Pain or discomfort", "Fatigue", "Fever", "Changes in appetite", "Trouble sleeping", "Swelling",
    "Nausea and vomiting", "Shortness of breath", "Headache", "A skin rash", "Weight loss you can't explain",
)  # fmt: skip
_LIST_ITEMS_ES = (
    "Dolor o molestias", "Fatiga", "Fiebre", "Cambios en el apetito", "Problemas para dormir", "Hinchazón",
    "Náuseas y vómitos", "Falta de aire", "Dolor de cabeza", "Sarpullido", "Pérdida de peso sin causa aparente",
)  # fmt: skip

_GROUP_PAGE_EN = ("{G}: Health Information", "Learn about {G}", "{G} Topics", "Health Topics: {G}")
_GROUP_PAGE_ES = ("{G}: Información de salud", "Temas de salud: {g}", "Información sobre {g}")


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------


class Weighted(Generic[T]):
    """Items drawn with fixed weights: one bisect per draw."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum: list[float] = []
        total = 0.0
        for weight in weights:
            total += weight
            self.cum.append(total)
        self.total = total

    def pick(self, rng: random.Random) -> T:
        """One item, drawn by weight."""
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def _pairs(spec: Sequence[tuple[str, float]]) -> Weighted[str]:
    return Weighted([name for name, _ in spec], [w for _, w in spec])


def _rows(table: str) -> list[list[str]]:
    return [line.split("|") for line in table.splitlines()]


def slugify(text: str, sep: str = "-") -> str:
    """ASCII, lower-case ``text`` with runs of other characters replaced by ``sep``.

    >>> slugify("Crohn's Disease & You?")
    'crohn-s-disease-you'
    >>> slugify("Niños", "")
    'ninos'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", sep, ascii_text.lower()).strip("-")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_en(title: str, proper: frozenset[str] = _PROPER) -> str:
    """``title`` as it reads inside an English sentence: "High Blood Pressure" -> "high blood pressure"."""
    words = []
    for word in title.split(" "):
        keep = word in proper or any(c.isupper() for c in word[1:]) or any(c.isdigit() for c in word)
        words.append(word if keep else word.lower())
    return " ".join(words)


def _lower_es(title: str) -> str:
    """``title`` inside a Spanish sentence: only the first word is lowered, and not if it is an acronym."""
    first = title.split(" ", 1)[0]
    if any(c.isupper() for c in first[1:]) or first in _PROPER_ES:
        return title
    return title[:1].lower() + title[1:]


def _mmddyyyy(day: dt.date) -> str:
    return day.strftime("%m/%d/%Y")


def _heavy(rng: random.Random, low: int, high: int, alpha: float = 1.2) -> int:
    """A Pareto-tailed integer in [low, high], mostly near ``low``."""
    return min(high, low - 1 + int(rng.paretovariate(alpha)))


# ---------------------------------------------------------------------------------------------
# The plan: everything that crosses topics, decided before writing
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Org:
    """A publisher: name(s), URL patterns and how often its resources have a Spanish version."""

    name: str
    name_es: str
    home: str
    url_en: str
    url_es: str
    mapped: float
    nih: bool


@dataclass(frozen=True)
class Group:
    """A topic group, in both languages."""

    id: int
    en: str
    es: str
    nih: str
    body_en: str
    body_es: str

    @property
    def slug(self) -> str:
        """Its page name: "Blood, Heart and Circulation" -> "bloodheartandcirculation"."""
        return slugify(self.en, "")


@dataclass(frozen=True)
class SharedSite:
    """A resource listed by several topics of one language."""

    title: str
    url: str
    mapped_url: str | None
    categories: tuple[str, ...]
    orgs: tuple[str, ...]
    descriptions: tuple[str, ...]


@dataclass
class TopicPlan:
    """One topic's identity and the links it has to other topics."""

    index: int
    id: int
    language: str
    title: str
    lower: str
    slug: str
    term: int
    groups: tuple[int, ...]
    created: dt.date
    n_sites: int
    institute: str | None = None
    pair: int | None = None
    mesh: tuple[tuple[int, int | None], ...] = ()
    related: tuple[int, ...] = ()
    shared: list[int] = field(default_factory=list)

    @property
    def url(self) -> str:
        """Its MedlinePlus page."""
        prefix = "/spanish" if self.language == "Spanish" else ""
        return f"{MEDLINEPLUS}{prefix}/{self.slug}.html"


@dataclass
class Plan:
    """Everything that links topics to one another, fixed by the seed before any XML is written."""

    seed: int
    generated: dt.datetime
    topics: list[TopicPlan]
    groups: dict[int, Group]
    terms: list[tuple[str, str, int, str]]
    nih: dict[str, tuple[str, str, str]]
    orgs: dict[str, Org]
    publishers: Weighted[str]
    descriptors: list[tuple[str, str]]
    shared: list[SharedSite]
    by_group: dict[tuple[str, int], list[int]]
    by_language: dict[str, list[int]]
    ency_used: set[int] = field(default_factory=set)

    @property
    def date_generated(self) -> str:
        """The ``date-generated`` attribute: MM/DD/YYYY HH:MM:SS."""
        return self.generated.strftime("%m/%d/%Y %H:%M:%S")


def _reference_orgs() -> tuple[dict[str, tuple[str, str, str]], dict[str, Org]]:
    nih: dict[str, tuple[str, str, str]] = {}
    orgs: dict[str, Org] = {}
    for key, name, name_es, home in _rows(_NIH):
        nih[key] = (name, name_es or name, home)
        orgs[name] = Org(
            name=name,
            name_es=name_es or name,
            home=home,
            url_en=home + "/health-information/{base}/{t}",
            url_es=home + "/health-information/informacion-de-la-salud/{base}/{t}",
            mapped=0.35,
            nih=True,
        )
    for name, url_en, url_es, mapped in _rows(_PUBLISHERS):
        home = "/".join(url_en.split("/")[:3])
        orgs[name] = Org(name, name, home, url_en, url_es, float(mapped), False)
    return nih, orgs


def _synthetic_orgs(rng: random.Random, count: int, taken: dict[str, Org]) -> list[Org]:
    """``count`` made-up publishers with unique names and domains."""
    made: list[Org] = []
    domains: set[str] = set()
    while len(made) < count:
        kind = rng.random()
        if kind < 0.7:
            name = f"{rng.choice(_ORG_FIRST)} {rng.choice(_ORG_FIELD)}"
        elif kind < 0.85:
            surname = "".join(rng.choice(_SYLLABLES) for _ in range(2)).capitalize()
            name = f"{surname} {rng.choice(('Clinic', 'Foundation', 'Health System', 'Medical Center'))}"
        else:
            name = f"University of {rng.choice(_SYLLABLES).capitalize()}{rng.choice(_SYLLABLES)} Health"
        if name in taken:
            continue
        acronym = "".join(w[0] for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper()).lower()
        domain, n = acronym, 1
        while domain in domains:
            n += 1
            domain = f"{acronym}{n}"
        domains.add(domain)
        home = f"https://www.{domain}.org"
        org = Org(name, name, home, home + "/{base}/{t}", home + "/es/{base}/{t}", 0.12, False)
        taken[name] = org
        made.append(org)
    return made


def _titles(
    rng: random.Random, count: int, terms: list[tuple[str, str, int, str]]
) -> list[tuple[str, str, str, str, int, int | None]]:
    """``count`` distinct topics: (English title, its lower form, Spanish title, its lower form, term, extra group).

    Plain terms come first, then patterns on terms, "X and Y" pairs and made-up eponyms.
    """
    patterns = [(en, es, int(g) if g else None) for en, es, g in _rows(_PATTERNS)]
    seen_en: set[str] = set()
    seen_es: set[str] = set()
    seen_slug: set[str] = set()
    out: list[tuple[str, str, str, str, int, int | None]] = []

    def accept(en: str, en_lower: str, es: str, term: int, extra: int | None) -> None:
        slug = slugify(en, "")
        if en.casefold() in seen_en or es.casefold() in seen_es or slug in seen_slug or not slug:
            return
        seen_en.add(en.casefold())
        seen_es.add(es.casefold())
        seen_slug.add(slug)
        out.append((en, en_lower, _cap(es), _lower_es(es), term, extra))

    order = list(range(len(terms)))
    rng.shuffle(order)
    for term in order[:count]:
        en, es, _, _ = terms[term]
        accept(en, _lower_en(en), es, term, None)
    while len(out) < count:
        term = rng.randrange(len(terms))
        en, es, _, _ = terms[term]
        en_low, es_low = _lower_en(en), _lower_es(es)
        kind = rng.random()
        if kind < 0.62:
            p_en, p_es, extra = rng.choice(patterns)
            low = p_en.replace("{X}", "\0").lower().replace("\0", en_low)
            accept(p_en.replace("{X}", en), low, p_es.replace("{x}", es_low), term, extra)
        elif kind < 0.7:
            other = rng.randrange(len(terms))
            o_en, o_es, o_group, _ = terms[other]
            plain = " and " not in en + o_en and "(" not in en + o_en
            if other != term and o_group == terms[term][2] and plain:
                title = f"{en} and {o_en}"
                accept(title, f"{en_low} and {_lower_en(o_en)}", f"{es} y {_lower_es(o_es)}", term, o_group)
        else:
            name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).capitalize()
            if rng.random() < 0.2:
                name += "-" + "".join(rng.choice(_SYLLABLES) for _ in range(2)).capitalize()
            en_kind, es_kind = rng.choice(
                (("Syndrome", "Síndrome de"), ("Disease", "Enfermedad de"), ("Disorder", "Trastorno de"))
            )
            possessive = rng.random() < 0.3 and "-" not in name
            en_name = f"{name}'s" if possessive else name
            rare = rng.randrange(len(terms))
            accept(f"{en_name} {en_kind}", f"{en_name} {en_kind.lower()}", f"{es_kind} {name}", rare, 14)
    return out


def build_plan(n_topics: int, seed: int) -> Plan:
    """Decide every cross-topic fact of a corpus of ``n_topics`` topics from ``seed``.

    >>> plan = build_plan(10, seed=3)
    >>> len(plan.topics), {t.language for t in plan.topics} == {"English", "Spanish"}
    (10, True)
    """
    if n_topics < 1:
        raise ValueError("n_topics must be at least 1")
    rng = random.Random(seed)
    start = dt.datetime(2024, 1, 2, 2, 30, 0)
    generated = start + dt.timedelta(days=rng.randrange(700), seconds=rng.randrange(120))

    groups = {int(r[0]): Group(int(r[0]), r[1], r[2], r[3], r[4], r[5]) for r in _rows(_GROUPS)}
    terms = [(en, es, int(g), nih) for en, es, g, nih in _rows(_TERMS)]
    nih, orgs = _reference_orgs()

    # Publishers, ranked for a Zipf law: the real head, the other NIH institutes and real publishers, then a tail.
    head = [nih[name][0] if name in nih else name for name in _HEAD]
    rest = sorted(set(orgs) - set(head) - {"American College of Radiology"})
    rng.shuffle(rest)
    tail = _synthetic_orgs(rng, 150 + n_topics // 8, orgs)
    ranked = head + rest + [org.name for org in tail]
    publishers = Weighted(ranked, [1 / (rank + 1) ** 1.05 for rank in range(len(ranked))])

    # MeSH descriptors (unique D0xxxxx ids): one per term and a few general ones, shared by many topics;
    # half the topics not named by a bare term get a heading of their own (see mesh() below).
    extra_descriptors = ("Child", "Aged", "Pregnancy", "Adolescent", "Women's Health", "Men's Health", "Risk Factors")
    descriptor_ids: set[int] = set()
    descriptors: list[tuple[str, str]] = []

    def new_descriptor(name: str) -> int:
        while (number := rng.randrange(1000, 100000)) in descriptor_ids:
            pass
        descriptor_ids.add(number)
        descriptors.append((f"D0{number:05d}", name))
        return len(descriptors) - 1

    for name in [t[0] for t in terms] + list(extra_descriptors):
        new_descriptor(name)

    # Who is who: English topics, their Spanish pairs (~97 %), and Spanish-only topics.
    n_en = (n_topics + 1) // 2
    n_es = n_topics - n_en
    n_pairs = min(n_es, round(n_en * 0.97))
    entries = _titles(rng, n_en + (n_es - n_pairs), terms)
    paired = set(rng.sample(range(n_en), n_pairs))
    topic_ids = rng.sample(range(100, max(9000, 4 * n_topics)), n_topics)
    last_day = generated.date() - dt.timedelta(days=30)
    first_day = dt.date(2002, 1, 1)
    span = (last_day - first_day).days

    english: list[TopicPlan] = []
    spanish: list[TopicPlan] = []

    def n_sites(scale: float) -> int:
        return max(MIN_SITES, min(MAX_SITES, round(rng.lognormvariate(math.log(22 * scale), 0.6))))

    def topic_groups(term: int, extra: int | None) -> tuple[int, ...]:
        chosen = [terms[term][2]]
        if extra is not None:
            chosen.append(extra)
        for _ in range(rng.choice((0, 0, 0, 0, 1, 1, 2))):
            chosen.append(rng.choice(list(groups)))
        return tuple(sorted(dict.fromkeys(chosen[:3])))

    def mesh(term: int, title: str) -> tuple[tuple[int, int | None], ...]:
        count = rng.choices((0, 1, 2, 3), (10, 60, 22, 8))[0]
        picked = [term] if count else []
        if count and title != terms[term][0] and rng.random() < 0.5:
            picked[0] = new_descriptor(title)
        while len(picked) < count:
            picked.append(rng.randrange(len(terms)) if rng.random() < 0.6 else len(terms) + rng.randrange(7))
        out = []
        for d in dict.fromkeys(picked):
            out.append((d, rng.randrange(len(_QUALIFIERS)) if rng.random() < 0.12 else None))
        return tuple(out)

    def institute(term: int, chosen: tuple[int, ...]) -> str | None:
        if rng.random() >= 0.6:
            return None
        key = terms[term][3] or groups[terms[term][2]].nih or next((groups[g].nih for g in chosen if groups[g].nih), "")
        return key or rng.choice(list(nih))

    for i, (en, en_low, es, es_low, term, extra) in enumerate(entries):
        chosen = topic_groups(term, extra)
        created = first_day + dt.timedelta(days=rng.randrange(span))
        slug = slugify(en, "")
        is_english = i < n_en
        if is_english:
            topic = TopicPlan(0, 0, "English", en, en_low, slug, term, chosen, created, n_sites(1.0))
            topic.institute, topic.mesh = institute(term, chosen), mesh(term, en)
            english.append(topic)
        if not is_english or i in paired:
            later = min(last_day, created + dt.timedelta(days=rng.randrange(90)))
            es_topic = TopicPlan(0, 0, "Spanish", es, es_low, slug, term, chosen, later, n_sites(0.85))
            if is_english:
                es_topic.institute, es_topic.mesh = topic.institute, topic.mesh
                es_topic.pair = len(english) - 1  # an index into ``english`` until the final numbering
            else:
                es_topic.institute, es_topic.mesh = institute(term, chosen), mesh(term, en)
            spanish.append(es_topic)

    # File order: English by title, then Spanish by title (as NLM writes it).
    english_order = sorted(range(len(english)), key=lambda k: (english[k].title.casefold(), english[k].title))
    new_index = {old: new for new, old in enumerate(english_order)}
    english = [english[k] for k in english_order]
    spanish.sort(key=lambda t: (t.title.casefold(), t.title))
    topics = english + spanish
    for index, (topic, topic_id) in enumerate(zip(topics, topic_ids, strict=True)):
        topic.index, topic.id = index, topic_id
    for topic in spanish:
        if topic.pair is not None:
            topic.pair = new_index[topic.pair]
            topics[topic.pair].pair = topic.index

    by_group: dict[tuple[str, int], list[int]] = {}
    by_language: dict[str, list[int]] = {"English": [], "Spanish": []}
    for topic in topics:
        by_language[topic.language].append(topic.index)
        for g in topic.groups:
            by_group.setdefault((topic.language, g), []).append(topic.index)

    def related(topic: TopicPlan) -> tuple[int, ...]:
        k = rng.choices(range(7), (10, 14, 20, 20, 15, 12, 9))[0]
        same_group = by_group[(topic.language, topic.groups[0])]
        pool = by_language[topic.language]
        picked: list[int] = []
        for _ in range(k * 3):
            if len(picked) >= k:
                break
            other = rng.choice(same_group) if rng.random() < 0.7 else rng.choice(pool)
            if other != topic.index and other not in picked:
                picked.append(other)
        return tuple(picked)

    for topic in english:
        topic.related = related(topic)
    for topic in spanish:
        if topic.pair is not None:
            mirrored = (topics[r].pair for r in topics[topic.pair].related)
            topic.related = tuple(r for r in mirrored if r is not None)
        else:
            topic.related = related(topic)

    plan = Plan(seed, generated, topics, groups, terms, nih, orgs, publishers, descriptors, [], by_group, by_language)
    _plan_shared_sites(rng, plan)
    return plan


def _plan_shared_sites(rng: random.Random, plan: Plan) -> None:
    """Resources listed by 2 to 20 topics of one language and group: institute home pages, group pages, ency."""
    slots: dict[tuple[str, int], list[int]] = {}
    for topic in plan.topics:
        share = round(topic.n_sites * rng.uniform(0.06, 0.24))
        slots.setdefault((topic.language, topic.groups[0]), []).extend([topic.index] * min(share, topic.n_sites - 3))
    homes_used: set[str] = set()
    urls: set[str] = set()
    for (language, group_id), members in sorted(slots.items()):
        rng.shuffle(members)
        at = 0
        while at < len(members):
            k = _heavy(rng, 2, 20)
            chunk = list(dict.fromkeys(members[at : at + k]))
            at += k
            if len(chunk) < 2:
                continue
            site = _shared_site(rng, plan, language, plan.groups[group_id], homes_used, urls)
            plan.shared.append(site)
            for index in chunk:
                plan.topics[index].shared.append(len(plan.shared) - 1)


def _org_name(org: Org, spanish: bool, rng: random.Random) -> str:
    """The name a site gives for ``org``: Spanish topics name NIH institutes in Spanish half of the time."""
    return org.name_es if spanish and org.nih and rng.random() < 0.5 else org.name


def _shared_site(
    rng: random.Random,
    plan: Plan,
    language: str,
    group: Group,
    homes_used: set[str],
    urls: set[str],
) -> SharedSite:
    """One shared resource for topics of ``group`` in ``language``."""
    spanish = language == "Spanish"
    kind = rng.random()
    if kind < 0.3:
        org = plan.orgs[plan.nih[group.nih][0]] if group.nih and rng.random() < 0.5 else None
        if org is None or org.home in homes_used:
            org = plan.orgs[plan.publishers.pick(rng)]
        if org.home not in homes_used:
            homes_used.add(org.home)
            urls.add(org.home)
            name = _org_name(org, spanish, rng)
            category = "Especialistas" if spanish else "Find an Expert"
            return SharedSite(name, org.home, None, (category,), (name,), ("NIH",) if org.nih else ())
    if kind < 0.75:
        org = plan.orgs[plan.nih[group.nih][0]] if group.nih and rng.random() < 0.6 else None
        org = org or plan.orgs[plan.publishers.pick(rng)]
        title = rng.choice(_GROUP_PAGE_ES if spanish else _GROUP_PAGE_EN)
        title = title.replace("{G}", group.es if spanish else group.en).replace("{g}", _lower_es(group.es))
        path = slugify(group.es if spanish else group.en)
        url, n = f"{org.home}/{'es/' if spanish else ''}health-topics/{path}", 1
        while url in urls:
            n += 1
            url = f"{org.home}/{'es/' if spanish else ''}health-topics/{path}-{n}"
        urls.add(url)
        mapped = None
        if rng.random() < 0.3:
            mapped = f"{org.home}/{'' if spanish else 'es/'}health-topics/{slugify(group.en if spanish else group.es)}"
        choices = ("Más información", "Asuntos relacionados") if spanish else ("Learn More", "Related Issues")
        category = rng.choice(choices)
        name = _org_name(org, spanish, rng)
        return SharedSite(title, url, mapped, (category,), (name,), ("NIH",) if org.nih else ())
    members = plan.by_group.get((language, group.id)) or plan.by_language[language]
    topic = plan.topics[rng.choice(members)]
    number = _ency_number(rng, plan.ency_used)
    if spanish:
        title = _cap(plan.terms[topic.term][1]) + rng.choice(_ENCY_SUFFIX_ES)
        url = f"{MEDLINEPLUS}/spanish/ency/article/{number:06d}.htm"
        mapped = f"{MEDLINEPLUS}/ency/article/{number:06d}.htm"
        return SharedSite(title, url, mapped, ("Más información",), ("Enciclopedia médica",), ())
    title = _cap(_lower_en(plan.terms[topic.term][0])) + rng.choice(_ENCY_SUFFIX_EN)
    url = f"{MEDLINEPLUS}/ency/article/{number:06d}.htm"
    mapped = f"{MEDLINEPLUS}/spanish/ency/article/{number:06d}.htm"
    return SharedSite(title, url, mapped, ("Encyclopedia",), ("Medical Encyclopedia",), ())


def _ency_number(rng: random.Random, used: set[int]) -> int:
    """An unused encyclopedia article number: below 8000 like the real ones while they last."""
    for attempt in range(1000):
        number = rng.randrange(1, 8000) if attempt < 8 else rng.randrange(8000, 1_000_000)
        if number not in used:
            used.add(number)
            return number
    raise RuntimeError("no free encyclopedia number")


# ---------------------------------------------------------------------------------------------
# Writing topics
# ---------------------------------------------------------------------------------------------


def _child(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """Append ``<tag attrs>text</tag>`` and a newline after it, as NLM's files have."""
    element = etree.SubElement(parent, tag)
    for name, value in attrs.items():
        element.set(name.replace("_", "-"), value)
    element.text = text
    element.tail = "\n"
    return element


class _Writer:
    """Turns the plan into ``<health-topic>`` elements one at a time."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.rng = random.Random(f"{plan.seed}/topics")
        self.ency_used = plan.ency_used
        self.pmids: set[int] = set()
        self.sections_en = _pairs(_SECTIONS_EN)
        self.sections_es = _pairs(_SECTIONS_ES)
        self.audiences_en = _pairs(_AUDIENCES_EN)
        self.audiences_es = _pairs(_AUDIENCES_ES)
        self.nih_names = {name for o in plan.orgs.values() if o.nih for name in (o.name, o.name_es)}

    # -- summary ---------------------------------------------------------------------------

    def _link(self, topic: TopicPlan) -> str:
        """An internal link, as an ``<a href>`` or as a ``<TOPIC>`` element, to another topic."""
        rng, plan = self.rng, self.plan
        pool = plan.by_group.get((topic.language, topic.groups[-1])) or plan.by_language[topic.language]
        other = plan.topics[rng.choice(pool)]
        if other.index == topic.index:
            other = plan.topics[rng.choice(plan.by_language[topic.language])]
        if other.index == topic.index:
            return html.escape(other.lower, quote=False)
        if rng.random() < 0.4:
            return f'<TOPIC ID="{other.id}" LINKTEXT="{html.escape(other.lower)}"/>'
        return f'<a href="{html.escape(other.url)}">{html.escape(other.lower, quote=False)}</a>'

    def summary(self, topic: TopicPlan) -> tuple[str, str]:
        """The escaped-to-be HTML summary and a plain-text meta description."""
        rng = self.rng
        spanish = topic.language == "Spanish"
        group = self.plan.groups[topic.groups[0]]
        sentences = _SUMMARY_ES if spanish else _SUMMARY_EN
        values = {
            "{X}": html.escape(_cap(topic.lower), quote=False),
            "{x}": html.escape(topic.lower, quote=False),
            "{body}": html.escape(group.body_es if spanish else group.body_en, quote=False),
        }

        bank = list(sentences)
        rng.shuffle(bank)

        def sentence() -> str:
            text = bank.pop() if bank else rng.choice(sentences)
            for key, value in values.items():
                text = text.replace(key, value)
            if "{link}" in text:
                text = text.replace("{link}", self._link(topic))
            return text

        paragraphs = []
        for p in range(rng.choice((2, 3, 3, 4, 5))):
            body = " ".join(sentence() for _ in range(rng.randint(1 if p else 2, 4)))
            paragraphs.append(f"<p>{body}</p>")
        if rng.random() < 0.35:
            intro = rng.choice(_LIST_INTRO_ES if spanish else _LIST_INTRO_EN)
            items = rng.sample(_LIST_ITEMS_ES if spanish else _LIST_ITEMS_EN, rng.randint(3, 6))
            listing = "\n".join(f"<li>{html.escape(item, quote=False)}</li>" for item in items)
            paragraphs.insert(rng.randint(1, len(paragraphs)), f"<p>{intro}</p>\n<ul>\n{listing}\n</ul>")
        if topic.institute and rng.random() < 0.6:
            name, name_es, _ = self.plan.nih[topic.institute]
            credit = html.escape(name_es if spanish else name, quote=False)
            paragraphs.append(f'<p class="attribution">NIH: {credit}</p>')
        first = re.sub(r'<TOPIC ID="\d+" LINKTEXT="([^"]*)"/>', r"\1", paragraphs[0])
        first = re.sub(r"<[^>]+>", "", first)
        meta = html.unescape(" ".join(re.split(r"(?<=[.?!])\s+", first)[:2]))
        return "\n\n".join(paragraphs), meta

    # -- sites -----------------------------------------------------------------------------

    def _org(self, topic: TopicPlan) -> Org:
        """A publisher for a resource: the topic's institute now and then, else Zipf-drawn."""
        if topic.institute and self.rng.random() < 0.12:
            return self.plan.orgs[self.plan.nih[topic.institute][0]]
        return self.plan.orgs[self.plan.publishers.pick(self.rng)]

    def _general_site(self, topic: TopicPlan, seen: set[str]) -> Site:
        rng, plan = self.rng, self.plan
        spanish = topic.language == "Spanish"
        sections = self.sections_es if spanish else self.sections_en
        categories = [sections.pick(rng)]
        if rng.random() < 0.06:
            second = sections.pick(rng)
            if second != categories[0]:
                categories.append(second)
        audience = (self.audiences_es if spanish else self.audiences_en).pick(rng) if rng.random() < 0.12 else None
        org = self._org(topic)
        if audience in ("Children", "Niños") and rng.random() < 0.5:
            org = plan.orgs[rng.choice(("Nemours Foundation", "American Academy of Pediatrics"))]
        if audience:
            categories.append(audience)

        en_term, es_term = plan.terms[topic.term][:2]
        if spanish:
            x_title, x_lower = (_cap(topic.lower), topic.lower) if rng.random() < 0.4 else (es_term, _lower_es(es_term))
            bank = _SITE_TITLES_ES
        else:
            x_title = topic.title if rng.random() < 0.4 else en_term
            x_lower = _lower_en(x_title)
            bank = _SITE_TITLES_EN
        template = rng.choice(bank.get(audience or categories[0]) or bank["*"])
        title = template.replace("{X}", x_title).replace("{x}", x_lower).replace("{n}", str(rng.randint(2, 89)))

        t_slug = slugify(title)[:60].strip("-") or "page"
        url_tmpl, mapped_tmpl = (org.url_es, org.url_en) if spanish else (org.url_en, org.url_es)
        if "{base}" not in url_tmpl and (x_title != topic.title or len(slugify(title)) > 60):
            t_slug = f"{t_slug}-{topic.id}"  # the title alone may repeat in another topic
        number = str(rng.randint(10000000, 99999999))
        url = url_tmpl.format(base=slugify(topic.slug), t=t_slug, n=number)
        copy = 1
        while url in seen:
            copy += 1
            url = url_tmpl.format(base=slugify(topic.slug), t=f"{t_slug}-{copy}", n=number)
        mapped = None
        if rng.random() < (org.mapped * (1.3 if spanish else 1.0)):
            mapped = mapped_tmpl.format(base=slugify(topic.slug), t=t_slug, n=number)

        orgs = [_org_name(org, spanish, rng)]
        if org.name == "Radiological Society of North America":
            orgs.append("American College of Radiology")
        elif rng.random() < 0.03:
            second = plan.orgs[plan.publishers.pick(rng)]
            if second.name != org.name:
                orgs.append(_org_name(second, spanish, rng))
        descriptions = []
        if any(name in self.nih_names for name in orgs):
            descriptions.append("NIH")
        if rng.random() < 0.05:
            descriptions.append("PDF")
            pdf = re.sub(r"(\.html|\.aspx|/)?(\?.*)?$", ".pdf", url, count=1)
            url = pdf if pdf not in seen else url
        if rng.random() < 0.04 or categories[0] in ("Videos and Tutorials", "Interactivos y videos"):
            descriptions.append("Video")
        if rng.random() < 0.03:
            descriptions.append("Easy-to-Read")
        if rng.random() < 0.008:
            descriptions.append("Interactive Tutorial")
        seen.add(url)
        if rng.random() < 0.02:
            categories.append(_SPANISH_FLAG)
        if categories[0] == "Patient Handouts" and rng.random() < 0.3:
            categories.append(_HIDDEN_FLAG)
        return title, url, mapped, categories, orgs, descriptions

    def _ency_site(self, topic: TopicPlan) -> Site:
        rng, plan = self.rng, self.plan
        number = _ency_number(rng, self.ency_used)
        spanish = topic.language == "Spanish"
        handout = rng.random() < 0.25
        kind = "patientinstructions" if handout else "article"
        if spanish:
            term = plan.terms[topic.term][1] if rng.random() < 0.6 else _cap(topic.lower)
            title = _cap(term) + rng.choice(_ENCY_SUFFIX_ES)
            url = f"{MEDLINEPLUS}/spanish/ency/{kind}/{number:06d}.htm"
            mapped = f"{MEDLINEPLUS}/ency/{kind}/{number:06d}.htm"
            categories = [rng.choice(("Más información", "Asuntos específicos", "Diagnóstico y exámenes"))]
            return title, url, mapped, categories, ["Enciclopedia médica"], []
        other = plan.terms[rng.randrange(len(plan.terms))][0] if rng.random() < 0.3 else plan.terms[topic.term][0]
        suffix = rng.choice(_ENCY_HANDOUT_EN if handout else _ENCY_SUFFIX_EN)
        title = _cap(_lower_en(other)) + suffix
        url = f"{MEDLINEPLUS}/ency/{kind}/{number:06d}.htm"
        mapped = f"{MEDLINEPLUS}/spanish/ency/{kind}/{number:06d}.htm"
        categories = ["Patient Handouts"] if handout else ["Encyclopedia"]
        if not handout and rng.random() < 0.2:
            categories.insert(rng.randint(0, 1), "Patient Handouts")
        if rng.random() < 0.03:
            categories.append(_HIDDEN_FLAG)
        return title, url, mapped, categories, ["Medical Encyclopedia"], []

    def _pubmed_search(self, topic: TopicPlan) -> Site:
        term = quote_plus(f'"{topic.title}"')
        years = self.rng.choice(("1 Year", "2 Years", "5 Years"))
        url = (
            f"https://pubmed.ncbi.nlm.nih.gov/?term={term}%5Bmajr%3Anoexp%5D+AND+humans%5Bmh%5D+AND+english%5Bla%5D"
            f"+AND+%22last+{years.replace(' ', '+')}%22+%5Bedat%5D+NOT+%28letter%5Bpt%5D+OR+case+reports%5Bpt%5D"
            "+OR+editorial%5Bpt%5D+OR+comment%5Bpt%5D%29+AND+free+full+text%5Bsb%5D+"
        )
        return topic.title, url, None, ["Journal Articles"], [], []

    def _article(self, topic: TopicPlan) -> Site:
        rng = self.rng
        while (pmid := rng.randint(20000000, 39999999)) in self.pmids:
            pass
        self.pmids.add(pmid)
        lead = rng.choice(("Outcomes of", "Risk factors for", "Trends in", "A trial of care for", "Costs of"))
        who = rng.choice(("adults", "children", "older adults", "a national cohort", "primary care patients"))
        title = f"Article: {lead} {topic.lower} in {who}"
        return title, f"https://pubmed.ncbi.nlm.nih.gov/{pmid}", None, ["Journal Articles"], [], []

    def _clinical_trials(self, topic: TopicPlan) -> Site:
        query = quote_plus(f'"{topic.title}"')
        url = f"https://clinicaltrials.gov/search?cond={query}&aggFilters=status:not%20rec"
        title = f"ClinicalTrials.gov: {topic.title}"
        return title, url, None, ["Clinical Trials"], ["National Institutes of Health"], ["NIH"]

    def sites(self, topic: TopicPlan) -> list[Site]:
        """The topic's ``n_sites`` resources, sorted by title."""
        rng = self.rng
        sites: list[Site] = [
            (s.title, s.url, s.mapped_url, list(s.categories), list(s.orgs), list(s.descriptions))
            for s in (self.plan.shared[k] for k in topic.shared)
        ]
        if topic.language == "English":
            if rng.random() < 0.85 and len(sites) < topic.n_sites:
                sites.append(self._clinical_trials(topic))
            if rng.random() < 0.9 and len(sites) < topic.n_sites:
                sites.append(self._pubmed_search(topic))
            for _ in range(rng.choice((0, 0, 0, 1, 2))):
                if len(sites) < topic.n_sites:
                    sites.append(self._article(topic))
        room = topic.n_sites - len(sites)
        ency = min(room, int(rng.expovariate(1 / 3.5)))
        sites.extend(self._ency_site(topic) for _ in range(ency))
        seen = {site[1] for site in sites}
        while len(sites) < topic.n_sites:
            sites.append(self._general_site(topic, seen))
        sites.sort(key=lambda s: (s[0].casefold(), s[1]))
        return sites

    # -- the topic element -----------------------------------------------------------------

    def also_called(self, topic: TopicPlan) -> list[str]:
        """0 to 3 synonyms."""
        rng = self.rng
        words = re.findall(r"[A-Za-zÀ-ÿ]+", topic.title)
        options = []
        if len(words) >= 2 and not any(w.isupper() for w in words):
            options.append("".join(w[0].upper() for w in words if len(w) > 3 or w[0].isupper()))
        if topic.language == "English":
            if words and words[-1] not in ("Disease", "Diseases", "Disorder", "Disorders", "Syndrome"):
                options.append(f"{topic.title} Disorder")
            title_words = topic.title.split(" ")
            if len(title_words) >= 2:
                options.append(f"{title_words[-1]}, {' '.join(title_words[:-1])}")
        else:
            options.append(f"Trastornos de {topic.lower}")
        count = rng.choices((0, 1, 2, 3), (40, 35, 17, 8))[0]
        return sorted(set(rng.sample(options, min(count, len(options)))), key=str.casefold)

    def see_references(self, topic: TopicPlan, also: list[str]) -> list[str]:
        """0 to 2 cross-reference names: an inverted title and synonyms."""
        rng = self.rng
        words = topic.title.split(" ")
        options = list(also)
        if len(words) >= 2:
            options.append(f"{words[-1]}, {' '.join(words[:-1])}")
        count = rng.choices((0, 1, 2), (50, 35, 15))[0]
        return sorted(set(rng.sample(options, min(count, len(options)))), key=str.casefold)

    def other_languages(self, topic: TopicPlan) -> list[tuple[str, str, str]]:
        """(language, vernacular name, url) of 0 to 3 translations, by language."""
        rng = self.rng
        if topic.language != "English":
            return []
        out: list[tuple[str, str, str]] = []
        count = rng.choices((0, 1, 2, 3), (15, 45, 25, 15))[0]
        if topic.pair is not None and count:
            out.append(("Spanish", "español", self.plan.topics[topic.pair].url))
        for name, vernacular in rng.sample(_LANGUAGES, count - len(out)):
            out.append((name, vernacular, f"{MEDLINEPLUS}/languages/{topic.slug}.html#{name}"))
        return sorted(out)

    def element(self, topic: TopicPlan) -> etree._Element:
        """The complete ``<health-topic>`` element, children in the order FORMATS.md fixes."""
        rng, plan = self.rng, self.plan
        spanish = topic.language == "Spanish"
        summary, meta = self.summary(topic)
        el = etree.Element("health-topic")
        if rng.random() < 0.93:
            el.set("meta-desc", meta + (" " if rng.random() < 0.3 else ""))
        el.set("title", topic.title)
        el.set("url", topic.url)
        el.set("id", str(topic.id))
        el.set("language", topic.language)
        el.set("date-created", _mmddyyyy(topic.created))
        el.text = "\n"
        el.tail = "\n"

        also = self.also_called(topic)
        for name in also:
            _child(el, "also-called", name)
        _child(el, "full-summary", summary)
        for gid in topic.groups:
            group = plan.groups[gid]
            url = f"{MEDLINEPLUS}/{'spanish/' if spanish else ''}{group.slug}.html"
            _child(el, "group", group.es if spanish else group.en, url=url, id=str(gid))
        if topic.pair is not None:
            pair = plan.topics[topic.pair]
            _child(el, "language-mapped-topic", pair.title, url=pair.url, id=str(pair.id), language=pair.language)
        for descriptor, qualifier in topic.mesh:
            heading = _child(el, "mesh-heading", "\n")
            d_id, d_name = plan.descriptors[descriptor]
            _child(heading, "descriptor", d_name, id=d_id)
            if qualifier is not None:
                q_id, q_name = _QUALIFIERS[qualifier]
                _child(heading, "qualifier", q_name, id=q_id)
        for name, vernacular, url in self.other_languages(topic):
            _child(el, "other-language", name, vernacular_name=vernacular, url=url)
        if topic.institute:
            name, _, home = plan.nih[topic.institute]
            _child(el, "primary-institute", name, url=home)
        for other in sorted((plan.topics[r] for r in topic.related), key=lambda t: t.title.casefold()):
            _child(el, "related-topic", other.title, url=other.url, id=str(other.id))
        for name in self.see_references(topic, also):
            _child(el, "see-reference", name)
        for title, url, mapped, categories, orgs, descriptions in self.sites(topic):
            site = _child(el, "site", "\n", title=title, url=url)
            if mapped:
                site.set("language-mapped-url", mapped)
            for category in categories:
                _child(site, "information-category", category)
            for org in orgs:
                _child(site, "organization", org)
            for description in descriptions:
                _child(site, "standard-description", description)
        return el


def write_topics(plan: Plan, out: BinaryIO) -> None:
    """Write the health-topics file for ``plan`` to the binary stream ``out``, one topic at a time."""
    out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(DOCTYPE.encode() + b"\n")
    out.write(f'<health-topics total="{len(plan.topics)}" date-generated="{plan.date_generated}">\n'.encode())
    writer = _Writer(plan)
    for topic in plan.topics:
        out.write(etree.tostring(writer.element(topic), encoding="UTF-8", xml_declaration=False))
    out.write(b"</health-topics>\n")


def write_groups(plan: Plan, out: BinaryIO) -> None:
    """Write the companion health-topic-groups file (every group in English, then in Spanish)."""
    root = etree.Element("health-topic-groups")
    groups = sorted(plan.groups.values(), key=lambda g: g.id)
    root.set("total", str(2 * len(groups)))
    root.set("date-generated", plan.date_generated)
    root.text = "\n"
    for language in ("English", "Spanish"):
        for group in groups:
            spanish = language == "Spanish"
            url = f"{MEDLINEPLUS}/{'spanish/' if spanish else ''}{group.slug}.html"
            _child(root, "group", group.es if spanish else group.en, language=language, id=str(group.id), url=url)
    out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(etree.tostring(root, encoding="UTF-8", xml_declaration=False) + b"\n")


def generate(topics: int, seed: int, output: Path, groups_file: Path | None = None) -> Plan:
    """Write a corpus of ``topics`` topics to ``output`` (and the groups to ``groups_file``); return its plan.

    Folders that do not exist yet are made.
    """
    plan = build_plan(topics, seed)
    for path in (output, groups_file):
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
    with open(output, "wb") as out:
        write_topics(plan, out)
    if groups_file is not None:
        with open(groups_file, "wb") as out:
            write_groups(plan, out)
    return plan


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``generate_corpus.py --topics N [--seed S] -o FILE [--groups-file FILE]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=_positive, required=True, help="number of health-topic elements")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="health-topics XML file to write")
    parser.add_argument("--groups-file", type=Path, help="also write the health-topic-groups XML here")
    args = parser.parse_args(argv)
    try:
        generate(args.topics, args.seed, args.output, args.groups_file)
    except OSError as error:
        print(f"generate_corpus.py: {error.filename}: cannot write: {error.strerror}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
