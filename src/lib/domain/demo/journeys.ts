/**
 * The two demo journeys of Volta Énergie, as serialisable XState v5 machine configs: moving in and
 * signing up, then receiving and paying a bill. Transition shares are the estimates a CX expert
 * would draw from web analytics and contact volumes; they drive the path simulation.
 */
import type { Journey, JourneyTransition, LocalizedText } from '../types';
import { instantDaysAgo } from './dates';
import { DEMO_WORKSPACE_ID, JOURNEY_EMMENAGEMENT_ID, JOURNEY_FACTURE_ID, demoMotiveId as m } from './ids';

/** One customer action: where it leads, what the customer does, how often. */
function go(target: string, fr: string, en: string, share: number): JourneyTransition {
	return { target, meta: { label: { fr, en }, share } };
}

function label(fr: string, en: string): LocalizedText {
	return { fr, en };
}

const N1 = 'Service client N1';
const DIGITAL = 'Équipe digitale';
const VENTES = 'Conseillers ventes';

function emmenagement(now: Date): Journey {
	return {
		id: JOURNEY_EMMENAGEMENT_ID,
		workspaceId: DEMO_WORKSPACE_ID,
		name: label('Emménagement et souscription', 'Moving in and signing up'),
		description:
			"Du choix d'une offre à la première facture : comment un nouveau client souscrit, fait mettre en service son compteur et active son espace client.",
		updatedAt: instantDaysAgo(now, 12),
		machine: {
			id: 'emmenagement',
			initial: 'decouverte',
			meta: { label: label('Emménagement et souscription', 'Moving in and signing up') },
			states: {
				decouverte: {
					initial: 'comparer',
					meta: {
						kind: 'stage',
						label: label('Découverte', 'Discovery'),
						ownerTeam: 'Marketing',
						notes: 'Le client arrive le plus souvent depuis un comparateur ou une recherche « fournisseur électricité emménagement ».'
					},
					states: {
						comparer: {
							meta: {
								kind: 'touchpoint',
								label: label('Comparer les offres', 'Compare plans'),
								channel: 'web',
								touchpoint: 'self-care',
								ownerTeam: DIGITAL,
								emotion: 0,
								expectedMotives: [m('CTR-OFFRE')]
							},
							on: {
								'offre.simuler': go('simulateur', 'Simuler sa facture', 'Estimate the bill', 0.6),
								'souscription.enLigne': go(
									'#emmenagement.souscription.enLigne',
									'Souscrire en ligne',
									'Sign up online',
									0.2
								),
								'souscription.telephone': go(
									'#emmenagement.souscription.telephone',
									'Appeler un conseiller',
									'Call an advisor',
									0.15
								),
								'souscription.boutique': go(
									'#emmenagement.souscription.boutique',
									'Aller en boutique',
									'Visit a store',
									0.05
								)
							}
						},
						simulateur: {
							meta: {
								kind: 'touchpoint',
								label: label('Simulateur de consommation', 'Consumption simulator'),
								channel: 'web',
								touchpoint: 'self-care',
								ownerTeam: DIGITAL,
								emotion: 1,
								expectedMotives: [m('CTR-OFFRE')],
								notes: 'Estimation à partir de la surface, du chauffage et du nombre d’occupants.'
							},
							on: {
								'souscription.enLigne': go(
									'#emmenagement.souscription.enLigne',
									'Souscrire en ligne',
									'Sign up online',
									0.6
								),
								'souscription.telephone': go(
									'#emmenagement.souscription.telephone',
									'Appeler un conseiller',
									'Call an advisor',
									0.25
								),
								'souscription.boutique': go(
									'#emmenagement.souscription.boutique',
									'Aller en boutique',
									'Visit a store',
									0.1
								),
								'offre.comparer': go('comparer', 'Revenir aux offres', 'Back to the plans', 0.05)
							}
						}
					}
				},
				souscription: {
					initial: 'enLigne',
					meta: {
						kind: 'stage',
						label: label('Souscription', 'Sign-up'),
						ownerTeam: VENTES
					},
					states: {
						enLigne: {
							meta: {
								kind: 'touchpoint',
								label: label('Souscrire en ligne', 'Sign up online'),
								channel: 'web',
								touchpoint: 'self-care',
								ownerTeam: DIGITAL,
								emotion: 0,
								expectedMotives: [m('CTR-EMM'), m('CTR-OFFRE')],
								notes: 'Formulaire en 4 écrans ; abandon fréquent à la saisie du numéro de point de livraison.'
							},
							on: {
								'souscription.valider': go('signature', 'Valider la souscription', 'Submit the sign-up', 0.85),
								'souscription.abandonner': go(
									'telephone',
									'Abandonner et appeler',
									'Give up and call',
									0.15
								)
							}
						},
						telephone: {
							meta: {
								kind: 'touchpoint',
								label: label('Souscrire par téléphone', 'Sign up by phone'),
								channel: 'phone',
								touchpoint: 'agent',
								ownerTeam: VENTES,
								emotion: 1,
								expectedMotives: [m('CTR-EMM'), m('CTR-DEM'), m('CTR-TITUL')],
								notes: 'Le conseiller traite souvent en même temps la résiliation de l’ancien logement.'
							},
							on: {
								'souscription.valider': go('signature', 'Valider la souscription', 'Submit the sign-up', 1)
							}
						},
						boutique: {
							meta: {
								kind: 'touchpoint',
								label: label('Souscrire en boutique', 'Sign up in store'),
								channel: 'store',
								touchpoint: 'physical',
								ownerTeam: 'Réseau boutiques',
								emotion: 1,
								expectedMotives: [m('CTR-EMM')]
							},
							on: {
								'souscription.valider': go('signature', 'Valider la souscription', 'Submit the sign-up', 1)
							}
						},
						signature: {
							meta: {
								kind: 'touchpoint',
								label: label('Signature électronique', 'E-signature'),
								channel: 'email',
								touchpoint: 'automated',
								ownerTeam: VENTES,
								emotion: 0,
								expectedMotives: [m('CTR-EMM'), m('PAI-MOYEN')],
								notes: 'Contrat et mandat SEPA signés dans le même envoi ; le lien expire après 7 jours.'
							},
							on: {
								'contrat.signer': go('justificatifs', 'Signer le contrat', 'Sign the contract', 0.9),
								'contrat.relancer': go(
									'telephone',
									'Lien expiré : rappel par un conseiller',
									'Link expired: advisor calls back',
									0.1
								)
							}
						},
						justificatifs: {
							meta: {
								kind: 'step',
								label: label('Déposer les pièces justificatives', 'Upload supporting documents'),
								channel: 'app',
								touchpoint: 'self-care',
								ownerTeam: 'Back-office contrats',
								emotion: -1,
								expectedMotives: [m('CTR-EMM'), m('WEB-APP')],
								notes: 'Justificatif de domicile et RIB ; les photos floues sont refusées.'
							},
							on: {
								'justificatifs.deposer': go(
									'#emmenagement.miseEnService',
									'Déposer les pièces',
									'Upload the documents',
									0.85
								),
								'justificatifs.refuser': go(
									'justificatifs',
									'Pièce refusée, à redéposer',
									'Document refused, upload again',
									0.15
								)
							}
						}
					}
				},
				miseEnService: {
					initial: 'releveIndex',
					meta: {
						kind: 'stage',
						label: label('Mise en service', 'Connection'),
						ownerTeam: 'Gestionnaire de réseau'
					},
					states: {
						releveIndex: {
							meta: {
								kind: 'step',
								label: label("Relevé d'index à l'emménagement", 'Move-in meter reading'),
								channel: 'app',
								touchpoint: 'self-care',
								ownerTeam: DIGITAL,
								emotion: 0,
								expectedMotives: [m('CPT-INDEX'), m('CPT-LINKY')]
							},
							on: {
								'index.saisir': go(
									'confirmation',
									'Saisir l’index (compteur communicant, mise en service à distance)',
									'Enter the reading (smart meter, remote connection)',
									0.7
								),
								'intervention.planifier': go(
									'rdv',
									'Planifier un rendez-vous technicien',
									'Book a technician visit',
									0.3
								)
							}
						},
						rdv: {
							meta: {
								kind: 'touchpoint',
								label: label('Rendez-vous de mise en service', 'Connection appointment'),
								channel: 'phone',
								touchpoint: 'agent',
								ownerTeam: N1,
								emotion: -1,
								expectedMotives: [m('CPT-MES'), m('CPT-LINKY')],
								notes: 'Créneau fixé par le gestionnaire de réseau, souvent sous 5 jours ouvrés ; le client doit être présent.'
							},
							on: {
								'rdv.effectuer': go('confirmation', 'Intervention réalisée', 'Visit done', 0.85),
								'rdv.reporter': go('rdv', 'Reporter le rendez-vous', 'Reschedule the visit', 0.15)
							}
						},
						confirmation: {
							meta: {
								kind: 'touchpoint',
								label: label('Confirmation de mise en service', 'Connection confirmed'),
								channel: 'email',
								touchpoint: 'automated',
								ownerTeam: N1,
								emotion: 2,
								expectedMotives: [m('CPT-PANNE')],
								notes: 'Si le courant ne revient pas malgré la confirmation, le client appelle : c’est un sujet du gestionnaire de réseau.'
							},
							on: {
								'service.activer': go(
									'#emmenagement.premiereFacture',
									'Activer son espace client',
									'Activate the customer account',
									1
								)
							}
						}
					}
				},
				premiereFacture: {
					initial: 'espaceClient',
					meta: {
						kind: 'stage',
						label: label('Première facture', 'First bill'),
						ownerTeam: N1
					},
					states: {
						espaceClient: {
							meta: {
								kind: 'touchpoint',
								label: label("Accès à l'espace client", 'Customer account access'),
								channel: 'web',
								touchpoint: 'self-care',
								ownerTeam: DIGITAL,
								emotion: 0,
								expectedMotives: [m('WEB-CNX'), m('WEB-DOC')]
							},
							on: {
								'compte.activer': go('facture', 'Activer son compte', 'Activate the account', 0.8),
								'compte.echouer': go(
									'appelServiceClient',
									'Échec de connexion : appeler',
									'Sign-in fails: call',
									0.2
								)
							}
						},
						appelServiceClient: {
							meta: {
								kind: 'touchpoint',
								label: label('Appel au service client', 'Call to customer service'),
								channel: 'phone',
								touchpoint: 'agent',
								ownerTeam: N1,
								emotion: -1,
								expectedMotives: [m('WEB-CNX'), m('FAC-EXPL'), m('CPT-INDEX')]
							},
							on: {
								'demande.resoudre': go('facture', 'Demande traitée', 'Request handled', 0.85),
								'demande.rappeler': go(
									'appelServiceClient',
									'Rappeler : demande non réglée',
									'Call again: not settled',
									0.15
								)
							}
						},
						facture: {
							meta: {
								kind: 'touchpoint',
								label: label('Première facture', 'First bill'),
								channel: 'email',
								touchpoint: 'automated',
								ownerTeam: 'Facturation',
								emotion: -1,
								expectedMotives: [m('FAC-EXPL'), m('FAC-ECH'), m('CPT-INDEX')],
								notes: 'Souvent établie sur index estimé, avec prorata d’abonnement : première source d’incompréhension.'
							},
							on: {
								'facture.accepter': go('#emmenagement.clientActif', 'Accepter la facture', 'Accept the bill', 0.85),
								'facture.questionner': go(
									'appelServiceClient',
									'Appeler pour comprendre',
									'Call to understand',
									0.15
								)
							}
						}
					}
				},
				clientActif: {
					type: 'final',
					meta: {
						kind: 'stage',
						label: label('Client actif', 'Active customer'),
						emotion: 1
					}
				}
			}
		}
	};
}

function facture(now: Date): Journey {
	return {
		id: JOURNEY_FACTURE_ID,
		workspaceId: DEMO_WORKSPACE_ID,
		name: label('Facture et paiement', 'Bill and payment'),
		description:
			'De la réception de la facture à son règlement : compréhension en autonomie ou avec un conseiller, moyens de paiement, impayés, réclamation et régularisation.',
		updatedAt: instantDaysAgo(now, 5),
		machine: {
			id: 'facture',
			initial: 'reception',
			meta: { label: label('Facture et paiement', 'Bill and payment') },
			states: {
				reception: {
					initial: 'notification',
					meta: {
						kind: 'stage',
						label: label('Réception de la facture', 'Receiving the bill'),
						ownerTeam: 'Facturation'
					},
					states: {
						notification: {
							meta: {
								kind: 'touchpoint',
								label: label('Notification de facture', 'Bill notification'),
								channel: 'email',
								touchpoint: 'automated',
								ownerTeam: 'Facturation',
								emotion: 0,
								expectedMotives: [m('FAC-DUPL')]
							},
							on: {
								'facture.ouvrir': go('consultation', 'Ouvrir la facture', 'Open the bill', 0.75),
								'paiement.automatique': go(
									'#facture.paiement.prelevement',
									'Laisser le prélèvement se faire',
									'Let the direct debit run',
									0.25
								)
							}
						},
						consultation: {
							meta: {
								kind: 'touchpoint',
								label: label("Consultation dans l'application", 'Viewing in the app'),
								channel: 'app',
								touchpoint: 'self-care',
								ownerTeam: 'Équipe digitale',
								emotion: -1,
								expectedMotives: [m('FAC-EXPL'), m('FAC-DUPL'), m('WEB-CNX'), m('WEB-APP'), m('WEB-DOC')],
								notes: 'Surprise fréquente : montant en hausse après un hiver ou une régularisation.'
							},
							on: {
								'paiement.automatique': go(
									'#facture.paiement',
									'Compris : attendre le prélèvement',
									'Understood: wait for the direct debit',
									0.3
								),
								'paiement.enLigne': go(
									'#facture.paiement.paiementEnLigne',
									'Payer en ligne',
									'Pay online',
									0.25
								),
								'facture.questionner': go(
									'#facture.comprehension',
									'Chercher une explication',
									'Look for an explanation',
									0.35
								),
								'facture.contester': go(
									'#facture.reclamation.contestation',
									'Contester par e-mail',
									'Dispute by e-mail',
									0.05
								),
								'appli.echouer': go(
									'#facture.comprehension.chatbot',
									"L'application échoue : ouvrir le chat",
									'The app fails: open the chat',
									0.05
								)
							}
						}
					}
				},
				comprehension: {
					initial: 'faq',
					meta: {
						kind: 'stage',
						label: label('Compréhension', 'Understanding'),
						ownerTeam: N1
					},
					states: {
						faq: {
							meta: {
								kind: 'touchpoint',
								label: label('FAQ facture', 'Bill FAQ'),
								channel: 'web',
								touchpoint: 'self-care',
								ownerTeam: 'Équipe digitale',
								emotion: -1,
								expectedMotives: [m('FAC-EXPL'), m('FAC-ECH'), m('CPT-INDEX')]
							},
							on: {
								'faq.resoudre': go('#facture.paiement', 'Réponse trouvée', 'Answer found', 0.5),
								'faq.chatbot': go('chatbot', 'Poser la question au chatbot', 'Ask the chatbot', 0.3),
								'faq.appeler': go('appel', 'Appeler le service client', 'Call customer service', 0.2)
							}
						},
						chatbot: {
							meta: {
								kind: 'touchpoint',
								label: label('Chatbot', 'Chatbot'),
								channel: 'chat',
								touchpoint: 'automated',
								ownerTeam: 'Équipe digitale',
								emotion: -1,
								expectedMotives: [m('FAC-EXPL'), m('WEB-APP')],
								notes: 'Le chatbot renvoie vers la FAQ ; faute de réponse, il propose un rappel par un conseiller.'
							},
							on: {
								'chat.resoudre': go('#facture.paiement', 'Réponse obtenue', 'Answer obtained', 0.35),
								'chat.faq': go('faq', 'Renvoyé vers la FAQ', 'Sent back to the FAQ', 0.15),
								'chat.conseiller': go('appel', 'Demander un conseiller', 'Ask for an advisor', 0.5)
							}
						},
						appel: {
							meta: {
								kind: 'touchpoint',
								label: label('Appel au service client', 'Call to customer service'),
								channel: 'phone',
								touchpoint: 'agent',
								ownerTeam: N1,
								emotion: 0,
								expectedMotives: [
									m('FAC-EXPL'),
									m('FAC-CONTEST'),
									m('FAC-ECH'),
									m('PAI-DELAI'),
									m('PAI-RELANCE'),
									m('CPT-INDEX')
								],
								notes: 'Durée moyenne 7 min ; 1 appel sur 5 finit en réclamation.'
							},
							on: {
								'appel.expliquer': go(
									'#facture.paiement',
									'Facture expliquée',
									'Bill explained',
									0.55
								),
								'facture.contester': go(
									'#facture.reclamation.contestation',
									'Ouvrir une réclamation',
									'Open a complaint',
									0.17
								),
								'echeancier.demander': go(
									'#facture.reclamation.echeancier',
									'Demander un échéancier',
									'Ask for a payment plan',
									0.13
								),
								'appel.rappeler': go('appel', 'Rappeler : demande non réglée', 'Call again: not settled', 0.15)
							}
						}
					}
				},
				paiement: {
					initial: 'prelevement',
					meta: {
						kind: 'stage',
						label: label('Paiement', 'Payment'),
						ownerTeam: 'Cellule recouvrement'
					},
					states: {
						prelevement: {
							meta: {
								kind: 'step',
								label: label('Prélèvement automatique', 'Direct debit'),
								touchpoint: 'automated',
								ownerTeam: 'Cellule recouvrement',
								emotion: 0,
								expectedMotives: [m('PAI-PREL'), m('PAI-MOYEN')]
							},
							on: {
								'paiement.valider': go('#facture.regle', 'Prélèvement honoré', 'Direct debit paid', 0.92),
								'prelevement.rejeter': go('relance', 'Prélèvement rejeté', 'Direct debit rejected', 0.08)
							}
						},
						paiementEnLigne: {
							meta: {
								kind: 'touchpoint',
								label: label('Paiement en ligne par carte', 'Online card payment'),
								channel: 'web',
								touchpoint: 'self-care',
								ownerTeam: 'Équipe digitale',
								emotion: 1,
								expectedMotives: [m('PAI-MOYEN')]
							},
							on: {
								'paiement.valider': go('#facture.regle', 'Paiement accepté', 'Payment accepted', 0.95),
								'paiement.echouer': go('relance', 'Paiement non abouti', 'Payment failed', 0.05)
							}
						},
						boutique: {
							meta: {
								kind: 'touchpoint',
								label: label('Paiement en boutique', 'Payment in store'),
								channel: 'store',
								touchpoint: 'physical',
								ownerTeam: 'Réseau boutiques',
								emotion: 0,
								expectedMotives: [m('PAI-DELAI'), m('PAI-RELANCE')],
								notes: 'Paiement en espèces ou par carte ; clientèle souvent peu à l’aise avec le digital.'
							},
							on: {
								'paiement.valider': go('#facture.regle', 'Payer au comptoir', 'Pay at the counter', 1)
							}
						},
						relance: {
							meta: {
								kind: 'touchpoint',
								label: label("Relance d'impayé", 'Arrears reminder'),
								channel: 'mail',
								touchpoint: 'automated',
								ownerTeam: 'Cellule recouvrement',
								emotion: -2,
								expectedMotives: [m('PAI-RELANCE'), m('PAI-PREL'), m('PAI-DELAI')],
								notes: 'Courrier puis mise en demeure à 15 jours ; la réduction de puissance intervient après 20 jours.'
							},
							on: {
								'paiement.enLigne': go('paiementEnLigne', 'Payer en ligne', 'Pay online', 0.4),
								'paiement.boutique': go('boutique', 'Payer en boutique', 'Pay in store', 0.15),
								'delai.demander': go(
									'#facture.reclamation.echeancier',
									'Demander un délai en ligne',
									'Ask for more time online',
									0.3
								),
								'relance.appeler': go(
									'#facture.comprehension.appel',
									'Appeler, inquiet d’une coupure',
									'Call, worried about disconnection',
									0.15
								)
							}
						}
					}
				},
				reclamation: {
					initial: 'contestation',
					meta: {
						kind: 'stage',
						label: label('Réclamation et régularisation', 'Complaint and adjustment'),
						ownerTeam: 'Cellule réclamations N2'
					},
					states: {
						contestation: {
							meta: {
								kind: 'touchpoint',
								label: label('Contestation de facture', 'Bill dispute'),
								channel: 'email',
								touchpoint: 'agent',
								ownerTeam: 'Cellule réclamations N2',
								emotion: -2,
								expectedMotives: [m('FAC-CONTEST'), m('CPT-INDEX')],
								notes: 'Réponse promise sous 10 jours ouvrés ; les relances du client pendant ce délai sont des réitérations.'
							},
							on: {
								'reclamation.fonder': go('regularisation', 'Réclamation fondée', 'Complaint upheld', 0.45),
								'reclamation.rejeter': go(
									'#facture.paiement',
									'Réclamation rejetée : payer',
									'Complaint rejected: pay',
									0.3
								),
								'reclamation.relancer': go(
									'contestation',
									'Relancer faute de réponse',
									'Chase it for lack of an answer',
									0.25
								)
							}
						},
						echeancier: {
							meta: {
								kind: 'touchpoint',
								label: label('Échéancier de paiement', 'Payment plan'),
								channel: 'web',
								touchpoint: 'self-care',
								ownerTeam: 'Cellule recouvrement',
								emotion: 0,
								expectedMotives: [m('FAC-ECH'), m('PAI-DELAI')]
							},
							on: {
								'echeancier.valider': go(
									'#facture.paiement.prelevement',
									'Valider l’échéancier',
									'Confirm the plan',
									0.85
								),
								'echeancier.refuser': go(
									'#facture.comprehension.appel',
									'Échéancier refusé : appeler',
									'Plan refused: call',
									0.15
								)
							}
						},
						regularisation: {
							meta: {
								kind: 'touchpoint',
								label: label('Facture rectificative et remboursement', 'Corrected bill and refund'),
								channel: 'email',
								touchpoint: 'automated',
								ownerTeam: 'Facturation',
								emotion: 1,
								expectedMotives: [m('FAC-REMB')]
							},
							on: {
								'regularisation.emettre': go(
									'#facture.regle',
									'Recevoir l’avoir',
									'Receive the credit note',
									1
								)
							}
						}
					}
				},
				regle: {
					type: 'final',
					meta: {
						kind: 'stage',
						label: label('Facture réglée', 'Bill settled'),
						emotion: 1
					}
				}
			}
		}
	};
}

export function createDemoJourneys(now: Date): Journey[] {
	return [emmenagement(now), facture(now)];
}
